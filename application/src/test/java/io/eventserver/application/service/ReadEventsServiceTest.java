package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.eventserver.application.TestEvents;
import io.eventserver.application.port.in.ReadEventsUseCase;
import io.eventserver.application.port.in.ReadEventsUseCase.ReadEventsQuery;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.memory.InMemoryStorage;
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.junit.jupiter.api.Test;

/** The read use cases on the in-memory engine: what they return, and that reading leaves cursors and ids alone. */
class ReadEventsServiceTest {

    private static final Login USER = new Login("alice");
    private static final StreamName ORDERS = new StreamName("orders");
    private static final ConsumerId CONSUMER = new ConsumerId("billing");
    private static final EventName PLACED = new EventName("OrderPlaced");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:05Z"));
    private final InMemoryStorage storage = new InMemoryStorage(EventStore.DEFAULT_MAX_EVENT_NAMES, clock);
    private final EventStore events = storage.eventStore();
    private final CursorStore cursors = storage.cursorStore();
    private final IdOwnership ownership = storage.idOwnership();
    private final ReadEventsService service = new ReadEventsService(events, cursors, ownership, new Waiters(10), 1000);

    @Test
    void readsAfterTheConsumersOffset() {
        List<RecordedEvent> placed = placed(9);
        cursors.save(ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(7)));

        assertEquals(placed.subList(7, 9), service.read(query(10)), "the events after the offset");
        assertEquals(placed.subList(7, 8), service.read(query(1)), "at most the limit");
        assertEquals(Optional.of(new Sequence(7)), offset(), "reading does not move the offset");
    }

    @Test
    void aConsumerWithoutCursorReadsFromTheStart() {
        List<RecordedEvent> placed = placed(3);

        assertEquals(placed, service.read(query(10)));
    }

    @Test
    void readingNeverSavesACursor() {
        placed(3);

        service.read(query(10));
        assertEquals(Optional.empty(), offset(), "no cursor is created");

        cursors.save(ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(1)));
        Instant saved = acknowledgedAt();
        clock.advance(Duration.ofMinutes(1));
        service.read(query(10));
        assertEquals(Optional.of(new Sequence(1)), offset());
        assertEquals(saved, acknowledgedAt(), "the cursor was not saved again");
    }

    @Test
    void anUnknownStreamIsNotFound() {
        assertThrows(StreamNotFound.class, () -> service.read(query(10)));
    }

    @Test
    void aLimitAboveTheMaximumIsRefusedBeforeAnyLookUp() {
        // the stream does not exist: a look-up would have answered StreamNotFound
        assertThrows(InvalidValue.class, () -> service.read(query(1001)));
        assertThrows(InvalidValue.class, () -> new ReadEventsQuery(ORDERS, CONSUMER, PLACED, 0, USER));
    }

    @Test
    void aConsumerIdOfAnotherUserReadsNothingAndAStreamThatIsMissingClaimsNothing() {
        assertThrows(StreamNotFound.class, () -> service.read(query(10)));
        assertEquals(List.of(), consumerIds(), "a refused read claims nothing");

        placed(1);
        ownership.claim(IdKind.CONSUMER, CONSUMER.value(), new Login("bob"));
        assertThrows(IdBelongsToAnotherUser.class, () -> service.read(query(10)));
    }

    @Test
    void aFollowerRefusedForTooManyWaitersClaimsNothingAndOneRefusedByItsClaimStopsWaiting() {
        placed(1);
        assertThrows(ReadEventsUseCase.TooManyWaiting.class, () -> new ReadEventsService(events, cursors, ownership,
                new Waiters(0), 1000).follow(query(10), Optional.empty()));
        assertEquals(List.of(), consumerIds());

        Waiters waiters = new Waiters(5);
        ownership.claim(IdKind.CONSUMER, CONSUMER.value(), new Login("bob"));
        assertThrows(IdBelongsToAnotherUser.class, () -> new ReadEventsService(events, cursors, ownership, waiters,
                1000).follow(query(10), Optional.empty()));
        assertEquals(0, waiters.waiting(), "the refused follower does not wait on");
    }

    @Test
    void watchingFollowsFromTheGivenSequenceClaimsNothingAndCountsAsWaiting() {
        List<RecordedEvent> placed = placed(8);
        Waiters waiters = new Waiters(1);
        ReadEventsService watching = new ReadEventsService(events, cursors, ownership, waiters, 1000);

        try (ReadEventsUseCase.Subscription tail =
                     watching.watch(new ReadEventsUseCase.BrowseQuery(ORDERS, PLACED, new Sequence(7), 10))) {
            assertEquals(1, waiters.waiting());
            assertThrows(ReadEventsUseCase.TooManyWaiting.class,
                    () -> watching.watch(new ReadEventsUseCase.BrowseQuery(ORDERS, PLACED, Sequence.ZERO, 10)));
            assertEquals(placed.subList(7, 8), tail.next(Duration.ZERO));
            assertEquals(List.of(), tail.next(Duration.ZERO), "continues after the last one returned");
            RecordedEvent ninth = placed(1).getFirst();
            assertEquals(List.of(ninth), tail.next(Duration.ZERO));
        }
        assertEquals(0, waiters.waiting());
        assertEquals(List.of(), consumerIds());
        assertEquals(Optional.empty(), offset());
    }

    private List<RecordedEvent> placed(int count) {
        return Stores.append(events, ORDERS, TestEvents.producer("shop"), PLACED.value(), count);
    }

    private static ReadEventsQuery query(int limit) {
        return new ReadEventsQuery(ORDERS, CONSUMER, PLACED, limit, USER);
    }

    private Optional<Sequence> offset() {
        return cursors.find(CONSUMER, ORDERS, PLACED).map(ConsumerCursor::offset);
    }

    private Instant acknowledgedAt() {
        return Stores.acknowledgedAt(storage.streamCatalog(), ORDERS);
    }

    private List<String> consumerIds() {
        return Stores.owned(ownership, IdKind.CONSUMER);
    }
}

package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.eventserver.application.TestEvents;
import io.eventserver.application.port.in.AcknowledgeEventUseCase.AcknowledgeEventCommand;
import io.eventserver.application.port.in.LeaseEventsUseCase.LeaseQuery;
import io.eventserver.application.port.in.LeaseEventsUseCase.LeasedPage;
import io.eventserver.application.port.in.LeaseLimits;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.application.port.out.memory.InMemoryStorage;
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.consumer.Acknowledgement;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.junit.jupiter.api.Test;

/** The acknowledge use case on the in-memory engine: each test asserts where the cursor stands afterwards. */
class AcknowledgeEventServiceTest {

    private static final Login USER = new Login("alice");
    private static final StreamName ORDERS = new StreamName("orders");
    private static final ConsumerId CONSUMER = new ConsumerId("billing");
    private static final EventName PLACED = new EventName("OrderPlaced");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:05Z"));
    private final InMemoryStorage storage = new InMemoryStorage(EventStore.DEFAULT_MAX_EVENT_NAMES, clock);
    private final EventStore events = storage.eventStore();
    private final CursorStore cursors = storage.cursorStore();
    private final IdOwnership ownership = storage.idOwnership();
    private final StreamTraffic traffic = new StreamTraffic(clock);
    private final AcknowledgeEventService service = new AcknowledgeEventService(events, cursors,
            storage.leaseStore(), ownership, traffic);

    @Test
    void acknowledgingALaterEventSavesTheMovedCursor() {
        List<RecordedEvent> placed = placed(4);
        cursors.save(ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(2)));

        Acknowledgement ack = service.acknowledge(acknowledge(placed.get(3).id()));

        assertInstanceOf(Acknowledgement.OffsetMoved.class, ack);
        assertEquals(Optional.of(new Sequence(4)), offset());
        assertEquals(2, acknowledgedInTheLastInterval(), "from 2 to 4: two events acknowledged");
    }

    /** What the traffic counters say of the interval the acknowledgements were in, once it is complete. */
    private long acknowledgedInTheLastInterval() {
        clock.advance(StreamTraffic.INTERVAL);
        return traffic.rates(ORDERS).intervals().getLast().acknowledged();
    }

    @Test
    void theFirstAcknowledgementCreatesTheCursor() {
        List<RecordedEvent> placed = placed(1);

        service.acknowledge(acknowledge(placed.getFirst().id()));

        assertEquals(Optional.of(new Sequence(1)), offset());
        assertEquals(List.of("billing=alice"), Stores.owned(ownership, IdKind.CONSUMER),
                "the consumer id is the acknowledging user's now");
    }

    @Test
    void acknowledgingAnOlderEventAgainSavesNothing() {
        List<RecordedEvent> placed = placed(3);
        cursors.save(ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(2)));
        Instant saved = acknowledgedAt();
        clock.advance(Duration.ofMinutes(1));

        Acknowledgement ack = service.acknowledge(acknowledge(placed.get(1).id()));

        assertInstanceOf(Acknowledgement.AlreadyAcknowledged.class, ack);
        assertEquals(Optional.of(new Sequence(2)), offset());
        assertEquals(saved, acknowledgedAt(), "the cursor was not saved again");
        assertEquals(0, acknowledgedInTheLastInterval());
    }

    @Test
    void anEventNotInTheStreamIsNotFound() {
        placed(1);

        assertThrows(EventNotFound.class, () -> service.acknowledge(acknowledge(EventId.generate())));
        assertEquals(Optional.empty(), offset());
    }

    @Test
    void anUnknownStreamIsNotFound() {
        assertThrows(StreamNotFound.class, () -> service.acknowledge(acknowledge(EventId.generate())));
    }

    @Test
    void aConsumerIdOfAnotherUserMovesNothing() {
        List<RecordedEvent> placed = placed(4);
        ownership.claim(IdKind.CONSUMER, CONSUMER.value(), new Login("bob"));

        assertThrows(IdBelongsToAnotherUser.class, () -> service.acknowledge(acknowledge(placed.get(3).id())));

        assertEquals(Optional.empty(), offset());
    }

    private List<RecordedEvent> placed(int count) {
        return Stores.append(events, ORDERS, TestEvents.producer("shop"), PLACED.value(), count);
    }

    private static AcknowledgeEventCommand acknowledge(EventId event) {
        return new AcknowledgeEventCommand(ORDERS, CONSUMER, event, USER);
    }

    private Optional<Sequence> offset() {
        return cursors.find(CONSUMER, ORDERS, PLACED).map(ConsumerCursor::offset);
    }

    private Instant acknowledgedAt() {
        return Stores.acknowledgedAt(storage.streamCatalog(), ORDERS);
    }

    /** A consumer that never leased keeps its path: the lease store is not asked (ADR 52). */
    @Test
    void aConsumerThatNeverLeasedNeverTouchesTheLeaseStore() {
        List<RecordedEvent> placed = placed(4);
        cursors.save(ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(2)));
        LeaseStore untouchable = mock(LeaseStore.class);

        new AcknowledgeEventService(events, cursors, untouchable, ownership, traffic)
                .acknowledge(acknowledge(placed.get(3).id()));

        assertEquals(Optional.of(new Sequence(4)), offset());
        verifyNoInteractions(untouchable);
    }

    /** A cursor with leases is moved by the lease rules only: a cumulative ACK ends the leases it passes. */
    @Test
    void aCursorWithLeasesGoesThroughTheLeaseRules() {
        List<RecordedEvent> placed = placed(4);
        leaseEvents(3);

        Acknowledgement ack = service.acknowledge(acknowledge(placed.get(3).id()));

        assertInstanceOf(Acknowledgement.OffsetMoved.class, ack, "event 4 was never leased: cumulative");
        ConsumerCursor cursor = cursors.find(CONSUMER, ORDERS, PLACED).orElseThrow();
        assertEquals(new Sequence(4), cursor.offset());
        assertEquals(new Sequence(3), cursor.leasedThrough());
        assertEquals(0, inFlight(), "the leases of events 1 to 3 ended");
        assertEquals(4, acknowledgedInTheLastInterval());
    }

    /** The cursor had no leases when it was read; a first lease came before the save, which refused. */
    @Test
    void aFirstLeaseThatCameInBetweenSendsTheAcknowledgementToTheLeaseRules() {
        List<RecordedEvent> placed = placed(3);
        leaseEvents(2);
        CursorStore readBeforeTheLease = new CursorStore() {
            @Override
            public Optional<ConsumerCursor> find(ConsumerId consumer, StreamName stream, EventName eventName) {
                return Optional.empty();
            }

            @Override
            public boolean save(ConsumerCursor cursor) {
                return cursors.save(cursor);
            }

            @Override
            public boolean overwrite(ConsumerCursor cursor) {
                return cursors.overwrite(cursor);
            }

            @Override
            public boolean deleteConsumer(ConsumerId consumer, StreamName stream) {
                return cursors.deleteConsumer(consumer, stream);
            }
        };

        Acknowledgement ack = new AcknowledgeEventService(events, readBeforeTheLease, storage.leaseStore(), ownership,
                traffic).acknowledge(acknowledge(placed.get(2).id()));

        assertInstanceOf(Acknowledgement.OffsetMoved.class, ack);
        ConsumerCursor cursor = cursors.find(CONSUMER, ORDERS, PLACED).orElseThrow();
        assertEquals(new Sequence(3), cursor.offset(), "moved by the lease rules");
        assertEquals(new Sequence(2), cursor.leasedThrough());
        assertEquals(0, inFlight(), "the leases of events 1 and 2 ended");
    }

    /** Leases the first {@code count} events of the name to the consumer, for a minute. */
    private void leaseEvents(int count) {
        LeasedPage page = new LeaseEventsService(events, storage.leaseStore(), ownership, new Waiters(1), 1000,
                LeaseLimits.defaults()).lease(new LeaseQuery(ORDERS, CONSUMER, PLACED, count, USER, Duration.ZERO,
                60, OptionalInt.empty(), OptionalInt.empty()));
        assertEquals(count, page.events().size());
    }

    private int inFlight() {
        return storage.leaseStore().peek(CONSUMER, ORDERS, PLACED, 100).orElseThrow().inFlight();
    }
}

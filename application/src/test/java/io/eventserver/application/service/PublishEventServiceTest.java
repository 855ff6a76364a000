package io.eventserver.application.service;

import static io.eventserver.application.TestEvents.draft;
import static io.eventserver.application.TestEvents.producer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.eventserver.application.port.in.PublishEventUseCase.PublishEventCommand;
import io.eventserver.application.port.in.PublishEventUseCase.Published;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.memory.InMemoryStorage;
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.IdempotencyKey;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamOwnedByAnotherProducer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The publish use case on the in-memory engine: each test asserts what the stores hold afterwards. */
class PublishEventServiceTest {

    private static final Login USER = new Login("alice");
    private static final StreamName ORDERS = new StreamName("orders");
    private static final EventName PLACED = new EventName("OrderPlaced");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:05Z"));
    private final InMemoryStorage storage = new InMemoryStorage(EventStore.DEFAULT_MAX_EVENT_NAMES, clock);
    private final EventStore store = storage.eventStore();
    private final IdOwnership ownership = storage.idOwnership();
    private final StreamTraffic traffic = new StreamTraffic(clock);
    private final PublishEventService service = new PublishEventService(store, ownership, traffic);

    @Test
    void theFirstPublishClaimsTheStreamForItsProducer() {
        EventId id = service.publish(publish("shop", draft("OrderPlaced"))).ids().getFirst();

        assertEquals(producer("shop"), store.findStream(ORDERS).orElseThrow().owner());
        assertEquals(new EventPosition(PLACED, new Sequence(1)), store.findPosition(ORDERS, id).orElseThrow());
        assertEquals(List.of("shop=alice"), Stores.owned(ownership, IdKind.PRODUCER),
                "the producer id is the publishing user's now");
    }

    @Test
    void theOwnerAppendsToItsExistingStream() {
        Stores.append(store, ORDERS, producer("shop"), "OrderPlaced", 1);
        EventStore watched = spy(store);
        EventDraft placed = draft("OrderPlaced", "{\"orderId\":42}");

        EventId id = new PublishEventService(watched, ownership, traffic).publish(publish("shop", placed)).ids()
                .getFirst();

        RecordedEvent stored = store.findEvent(ORDERS, id).orElseThrow();
        assertEquals(new Sequence(2), stored.sequence(), "after the event that was there");
        assertEquals(placed.document(), stored.document());
        ArgumentCaptor<EventsAppended> appended = ArgumentCaptor.forClass(EventsAppended.class);
        verify(watched).append(appended.capture(), any());
        assertFalse(appended.getValue().stream().isClaimedNow(), "an existing stream is not claimed again");
    }

    @Test
    void anotherProducerIsRefusedAndNothingIsStored() {
        Stores.append(store, ORDERS, producer("shop"), "OrderPlaced", 1);

        assertThrows(StreamOwnedByAnotherProducer.class, () -> service.publish(publish("intruder",
                draft("OrderPlaced"))));

        assertEquals(Optional.of(new Sequence(1)), store.lastSequence(ORDERS, PLACED));
        assertEquals(producer("shop"), store.findStream(ORDERS).orElseThrow().owner());
    }

    @Test
    void losingTheRaceToCreateAStreamToItsOwnerStillPublishes() {
        EventStore racing = lookUpBeforeACreationBy(producer("shop"));

        EventId id = new PublishEventService(racing, ownership, traffic).publish(publish("shop",
                draft("OrderPlaced"))).ids().getFirst();

        assertEquals(new EventPosition(PLACED, new Sequence(2)), store.findPosition(ORDERS, id).orElseThrow(),
                "appended after the event that created the stream");
    }

    @Test
    void losingTheRaceToAnotherProducerIsRefused() {
        EventStore racing = lookUpBeforeACreationBy(producer("winner"));

        assertThrows(StreamOwnedByAnotherProducer.class, () -> new PublishEventService(racing, ownership, traffic)
                .publish(publish("loser", draft("OrderPlaced"))));

        assertEquals(producer("winner"), store.findStream(ORDERS).orElseThrow().owner());
        assertEquals(Optional.of(new Sequence(1)), store.lastSequence(ORDERS, PLACED), "only the winner's event");
    }

    /**
     * The store as a publish sees it when another publish by {@code winner} created the stream between its
     * look-up and its append: the first look-up finds nothing, the stream exists all the same.
     */
    private EventStore lookUpBeforeACreationBy(ProducerId winner) {
        Stores.append(store, ORDERS, winner, "OrderPlaced", 1);
        EventStore racing = spy(store);
        doReturn(Optional.empty()).doCallRealMethod().when(racing).findStream(ORDERS);
        return racing;
    }

    @Test
    void aBatchIsAppendedAsOneInTheOrderOfTheCommandWithItsKey() {
        Stores.append(store, ORDERS, producer("shop"), "Created", 1);
        Optional<Idempotency> key = Optional.of(new Idempotency(new IdempotencyKey("retry-1"), "a".repeat(64)));
        List<EventDraft> drafts = List.of(draft("A"), draft("B", "{\"n\":2}"), draft("A", "{\"n\":3}"));

        Published published = service.publish(new PublishEventCommand(ORDERS, producer("shop"), drafts, key, USER));

        List<EventId> ids = published.ids();
        assertFalse(published.replayed());
        assertEquals(List.of(ids.get(0), ids.get(2)), idsOf(store.readAfter(ORDERS, new EventName("A"),
                Sequence.ZERO, 10)));
        assertEquals(List.of(ids.get(1)), idsOf(store.readAfter(ORDERS, new EventName("B"), Sequence.ZERO, 10)));
        assertEquals(drafts.get(2).document(), store.findEvent(ORDERS, ids.get(2)).orElseThrow().document());
        assertEquals(ids, service.publish(new PublishEventCommand(ORDERS, producer("shop"), drafts, key, USER))
                .ids(), "stored with its key: a retry gets the same ids");
        assertEquals(3, publishedInTheLastInterval(), "the batch's events are counted for the stream's rates");
    }

    /** What the traffic counters say of the interval the publishes were in, once it is complete. */
    private long publishedInTheLastInterval() {
        clock.advance(StreamTraffic.INTERVAL);
        return traffic.rates(ORDERS).intervals().getLast().published();
    }

    @Test
    void aReplayedAppendIsAnsweredWithTheStoredIds() {
        Optional<Idempotency> key = Optional.of(new Idempotency(new IdempotencyKey("k"), "b".repeat(64)));
        Stream claimed = Stream.claim(ORDERS, producer("shop"));
        List<EventId> stored = store.append(claimed.append(producer("shop"), List.of(draft("A"), draft("B"))), key)
                .ids();

        Published published = service.publish(new PublishEventCommand(ORDERS, producer("shop"),
                List.of(draft("A"), draft("B")), key, USER));

        assertEquals(stored, published.ids());
        assertTrue(published.replayed());
        assertEquals(Optional.of(new Sequence(1)), store.lastSequence(ORDERS, new EventName("A")), "nothing stored");
        assertEquals(0, publishedInTheLastInterval(), "a replay stores nothing and counts nothing");
    }

    @Test
    void aProducerIdOfAnotherUserAppendsNothing() {
        Stores.append(store, ORDERS, producer("shop"), "OrderPlaced", 1);
        ownership.claim(IdKind.PRODUCER, "shop", new Login("bob"));

        assertThrows(IdBelongsToAnotherUser.class, () -> service.publish(publish("shop", draft("OrderPlaced"))));

        assertEquals(Optional.of(new Sequence(1)), store.lastSequence(ORDERS, PLACED));
    }

    @Test
    void aPublishRefusedByTheStreamClaimsNoProducerId() {
        Stores.append(store, ORDERS, producer("shop"), "OrderPlaced", 1);

        assertThrows(StreamOwnedByAnotherProducer.class, () -> service.publish(publish("intruder",
                draft("OrderPlaced"))));

        assertEquals(List.of(), Stores.owned(ownership, IdKind.PRODUCER));
    }

    private static PublishEventCommand publish(String producer, EventDraft draft) {
        return new PublishEventCommand(ORDERS, producer(producer), draft, USER);
    }

    private static List<EventId> idsOf(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::id).toList();
    }
}

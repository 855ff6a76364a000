package io.eventserver.application.service;

import static io.eventserver.application.TestEvents.draft;
import static io.eventserver.application.TestEvents.producer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.eventserver.application.port.in.DeleteConsumerUseCase.DeleteConsumerCommand;
import io.eventserver.application.port.in.DeleteStreamUseCase.DeleteStreamCommand;
import io.eventserver.application.port.in.PublishEventUseCase.PublishEventCommand;
import io.eventserver.application.port.in.RedactEventUseCase.RedactEventCommand;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.memory.InMemoryStorage;
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
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

/** Deleting streams and consumers and redacting events (issue 25) on the in-memory engine: what the stores hold. */
class DeletionServiceTest {

    private static final Login ADMIN = new Login("admin");
    private static final Login ALICE = new Login("alice");
    private static final StreamName ORDERS = new StreamName("orders");
    private static final EventName PLACED = new EventName("OrderPlaced");
    private static final ConsumerId BILLING = new ConsumerId("billing");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:05Z"));
    private final InMemoryStorage storage = new InMemoryStorage(EventStore.DEFAULT_MAX_EVENT_NAMES, clock);
    private final EventStore store = storage.eventStore();
    private final Waiters waiters = new Waiters(10);
    private final DeletionService service = new DeletionService(store, storage.cursorStore(), storage.idOwnership(),
            waiters);

    @Test
    void aDeletedStreamIsGoneItsNameFreeAndTheDeletionAudited() {
        List<RecordedEvent> placed = Stores.append(store, ORDERS, producer("shop"), "OrderPlaced", 2);
        storage.cursorStore().save(ConsumerCursor.at(BILLING, ORDERS, PLACED, new Sequence(2)));

        List<String> audit = AuditLines.during(() -> service.delete(new DeleteStreamCommand(ORDERS, ADMIN)));

        assertEquals(List.of("stream deleted by admin: stream orders"), audit);
        assertTrue(store.findStream(ORDERS).isEmpty());
        assertTrue(store.findEvent(ORDERS, placed.getFirst().id()).isEmpty());
        assertTrue(storage.cursorStore().find(BILLING, ORDERS, PLACED).isEmpty());
        assertThrows(StreamNotFound.class, () -> service.delete(new DeleteStreamCommand(ORDERS, ADMIN)));
        PublishEventService publish = new PublishEventService(store, storage.idOwnership(), new StreamTraffic(clock));
        EventId reborn = publish.publish(new PublishEventCommand(ORDERS, producer("another-shop"),
                List.of(draft("OrderPlaced")), Optional.empty(), ALICE)).ids().getFirst();
        assertEquals(new Sequence(1), store.findEvent(ORDERS, reborn).orElseThrow().sequence());
        assertEquals(producer("another-shop"), store.findStream(ORDERS).orElseThrow().owner());
    }

    @Test
    void aConsumerIsDeletedByItsOwnerOrAnAdminAndNobodyElse() {
        Stores.append(store, ORDERS, producer("shop"), "OrderPlaced", 2);
        storage.idOwnership().claim(IdKind.CONSUMER, "billing", ALICE);
        storage.cursorStore().save(ConsumerCursor.at(BILLING, ORDERS, PLACED, new Sequence(2)));

        assertThrows(IdBelongsToAnotherUser.class, () -> service.delete(new DeleteConsumerCommand(ORDERS, BILLING,
                new Login("bob"), false)));
        assertEquals(new Sequence(2), storage.cursorStore().find(BILLING, ORDERS, PLACED).orElseThrow().offset());

        List<String> audit = AuditLines.during(() -> {
            service.delete(new DeleteConsumerCommand(ORDERS, BILLING, ALICE, false));
            service.delete(new DeleteConsumerCommand(ORDERS, BILLING, ADMIN, true));
        });

        assertTrue(storage.cursorStore().find(BILLING, ORDERS, PLACED).isEmpty());
        assertEquals(List.of("consumer deleted by alice: consumer billing, stream orders",
                "consumer deleted by admin: consumer billing, stream orders (it had nothing stored)"), audit);
        assertThrows(StreamNotFound.class, () -> service.delete(new DeleteConsumerCommand(new StreamName("none"),
                BILLING, ADMIN, true)));
    }

    @Test
    void aRedactedEventKeepsItsPlaceAndARepeatChangesNothing() {
        RecordedEvent first = Stores.append(store, ORDERS, producer("shop"), "OrderPlaced", 2).getFirst();

        List<String> audit = AuditLines.during(() -> {
            service.redact(new RedactEventCommand(ORDERS, first.id(), ADMIN));
            service.redact(new RedactEventCommand(ORDERS, first.id(), ADMIN));
        });

        RecordedEvent redacted = store.findEvent(ORDERS, first.id()).orElseThrow();
        assertTrue(redacted.redacted());
        assertEquals("{\"event\":{\"name\":\"OrderPlaced\",\"version\":1},\"redacted\":true}",
                redacted.document().json());
        assertEquals(first.sequence(), redacted.sequence());
        assertEquals(first.receivedAt(), redacted.receivedAt());
        assertEquals(List.of("event redacted by admin: stream orders, event " + first.id() + " (OrderPlaced 1)",
                "event redacted by admin: stream orders, event " + first.id() + " (OrderPlaced 1), redacted before"),
                audit);
        assertThrows(EventNotFound.class, () -> service.redact(new RedactEventCommand(ORDERS, EventId.generate(),
                ADMIN)));
        assertThrows(StreamNotFound.class, () -> service.redact(new RedactEventCommand(new StreamName("none"),
                first.id(), ADMIN)));
    }
}

package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.eventserver.application.TestEvents;
import io.eventserver.application.port.in.DeadLettersUseCase;
import io.eventserver.application.port.in.FinishEventsUseCase;
import io.eventserver.application.port.in.LeaseEventsUseCase;
import io.eventserver.application.port.in.LeaseLimits;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.application.port.out.LeasesUnsupported;
import io.eventserver.application.port.out.memory.InMemoryStorage;
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.consumer.DeadLetterNotFound;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order of the lease services' checks (ADR 52, ADR 26): every refusal comes before anything is leased, claimed
 * or changed. They run on the in-memory engine and assert what it holds afterwards; a mock stands in where the point
 * is that a port was not asked at all. What the services change is the contract test's and the end-to-end tests'
 * (LeaseStoreContractTest, LeasedConsumersTest).
 */
class LeaseServicesTest {

    private static final Login USER = new Login("alice");
    private static final StreamName ORDERS = new StreamName("orders");
    private static final ConsumerId CONSUMER = new ConsumerId("billing");
    private static final EventName PAID = new EventName("Paid");

    private final InMemoryStorage storage = new InMemoryStorage();
    private final EventStore events = storage.eventStore();
    private final LeaseStore leases = storage.leaseStore();
    private final IdOwnership ownership = storage.idOwnership();
    private final StreamTraffic traffic = new StreamTraffic(Clock.systemUTC());
    private List<RecordedEvent> paid;

    @BeforeEach
    void theStreamHasEvents() {
        paid = Stores.append(events, ORDERS, TestEvents.producer("shop"), PAID.value(), 3);
    }

    private LeaseEventsUseCase.LeaseQuery query(int lease, OptionalInt maxInFlight, OptionalInt maxDeliveries) {
        return new LeaseEventsUseCase.LeaseQuery(ORDERS, CONSUMER, PAID, 10, USER, Duration.ZERO, lease, maxInFlight,
                maxDeliveries);
    }

    private LeaseEventsService leasing(LeaseStore store, IdOwnership ids) {
        return new LeaseEventsService(events, store, ids, new Waiters(10), 1000, LeaseLimits.defaults());
    }

    /** The consumer's cursor, which the first change under its lock would have created. */
    private Optional<ConsumerCursor> cursor() {
        return storage.cursorStore().find(CONSUMER, ORDERS, PAID);
    }

    @Test
    void aLeasedReadOfAnotherUsersConsumerIdLeasesNothing() {
        ownership.claim(IdKind.CONSUMER, CONSUMER.value(), new Login("bob"));

        assertThrows(IdBelongsToAnotherUser.class,
                () -> leasing(leases, ownership).lease(query(30, OptionalInt.empty(), OptionalInt.empty())));

        assertEquals(Optional.empty(), cursor(), "no change ran");
        assertEquals(List.of("billing=bob"), Stores.owned(ownership, IdKind.CONSUMER));
    }

    @Test
    void anEngineThatCannotLeaseClaimsNothing() {
        LeaseStore unsupported = LeaseStore.unsupported("storage.kind kafka");

        assertThrows(LeasesUnsupported.class,
                () -> leasing(unsupported, ownership).lease(query(30, OptionalInt.empty(), OptionalInt.empty())));

        assertEquals(List.of(), Stores.owned(ownership, IdKind.CONSUMER));
    }

    @Test
    void outOfRangeParametersAreRefusedBeforeAnythingIsAsked() {
        LeaseStore unasked = mock(LeaseStore.class);
        LeaseEventsService service = leasing(unasked, ownership);
        assertEquals("lease must be an integer between 1 and 600 (seconds)", assertThrows(InvalidValue.class,
                () -> service.lease(query(601, OptionalInt.empty(), OptionalInt.empty()))).getMessage());
        assertEquals("maxInFlight must be an integer between 1 and 1000", assertThrows(InvalidValue.class,
                () -> service.lease(query(30, OptionalInt.of(0), OptionalInt.empty()))).getMessage());
        assertEquals("maxDeliveries must be an integer between 1 and 100", assertThrows(InvalidValue.class,
                () -> service.lease(query(30, OptionalInt.empty(), OptionalInt.of(101)))).getMessage());
        verifyNoInteractions(unasked);
        assertEquals(List.of(), Stores.owned(ownership, IdKind.CONSUMER));
    }

    @Test
    void aBatchWithAnUnknownIdChangesAndClaimsNothing() {
        EventId known = leasing(leases, ownership).lease(query(30, OptionalInt.empty(), OptionalInt.empty()))
                .events().getFirst().event().id();
        EventId unknown = EventId.generate();
        IdOwnership untouched = mock(IdOwnership.class);
        FinishEventsService service = new FinishEventsService(events, leases, untouched, traffic, 1000,
                LeaseLimits.defaults());

        assertThrows(EventNotFound.class, () -> service.finish(new FinishEventsUseCase.FinishCommand(ORDERS,
                CONSUMER, FinishEventsUseCase.Action.ACK, List.of(known, unknown), OptionalInt.empty(),
                OptionalInt.empty(), USER)));

        verifyNoInteractions(untouched);
        assertEquals(Sequence.ZERO, cursor().orElseThrow().offset(), "the known event was not acknowledged");
        assertEquals(3, leases.peek(CONSUMER, ORDERS, PAID, 10).orElseThrow().inFlight(), "all three still leased");
    }

    @Test
    void anExtendNeedsALeaseAndABatchItsIds() {
        LeaseStore unasked = mock(LeaseStore.class);
        FinishEventsService service = new FinishEventsService(events, unasked, ownership, traffic, 2,
                LeaseLimits.defaults());
        assertThrows(InvalidValue.class, () -> service.finish(new FinishEventsUseCase.FinishCommand(ORDERS, CONSUMER,
                FinishEventsUseCase.Action.EXTEND, List.of(paid.getFirst().id()), OptionalInt.empty(),
                OptionalInt.empty(), USER)));
        assertEquals("eventIds must hold 1 to 2 event ids", assertThrows(InvalidValue.class,
                () -> service.finish(new FinishEventsUseCase.FinishCommand(ORDERS, CONSUMER,
                        FinishEventsUseCase.Action.ACK, paid.stream().map(RecordedEvent::id).toList(),
                        OptionalInt.empty(), OptionalInt.empty(), USER))).getMessage());
        assertThrows(InvalidValue.class, () -> service.finish(new FinishEventsUseCase.FinishCommand(ORDERS, CONSUMER,
                FinishEventsUseCase.Action.NACK, List.of(paid.getFirst().id()), OptionalInt.of(601),
                OptionalInt.empty(), USER)));
        verifyNoInteractions(unasked);
    }

    @Test
    void anUnknownDeadLetterIsNotFoundBeforeTheIdIsClaimedAndAnAdminClaimsNothing() {
        IdOwnership untouched = mock(IdOwnership.class);
        DeadLettersService service = new DeadLettersService(events, leases, untouched, 1000);

        assertThrows(DeadLetterNotFound.class, () -> service.retry(new DeadLettersUseCase.DeadLetterCommand(ORDERS,
                CONSUMER, paid.getFirst().id(), new DeadLettersUseCase.Asker(USER, false))));
        assertEquals(List.of(), service.list(new DeadLettersUseCase.DeadLetterQuery(ORDERS, CONSUMER, PAID,
                Sequence.ZERO, 10, new DeadLettersUseCase.Asker(new Login("root"), true))).deadLetters());

        verifyNoInteractions(untouched);
        assertEquals(Optional.empty(), cursor());
    }
}

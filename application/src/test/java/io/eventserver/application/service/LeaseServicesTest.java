package io.eventserver.application.service;

import static io.eventserver.application.service.Ownerships.ownedByWhoeverAsks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.consumer.DeadLetterNotFound;
import io.eventserver.domain.consumer.LeaseCursor;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order of the lease services' checks (ADR 52, ADR 26): every refusal comes before anything is leased, claimed
 * or changed. What they change is the contract test's and the end-to-end tests' (LeaseStoreContractTest,
 * LeasedConsumersTest).
 */
class LeaseServicesTest {

    private static final Login USER = new Login("alice");
    private static final StreamName ORDERS = new StreamName("orders");
    private static final ConsumerId CONSUMER = new ConsumerId("billing");
    private static final EventName PAID = new EventName("Paid");

    private final EventStore events = mock(EventStore.class);
    private final LeaseStore leases = mock(LeaseStore.class);
    private final IdOwnership ownership = ownedByWhoeverAsks();
    private final StreamTraffic traffic = new StreamTraffic(Clock.systemUTC());

    @BeforeEach
    void theStreamExists() {
        when(events.findStream(ORDERS)).thenReturn(Optional.of(Stream.owned(ORDERS, TestEvents.producer("shop"))));
    }

    private LeaseEventsUseCase.LeaseQuery query(int lease, OptionalInt maxInFlight, OptionalInt maxDeliveries) {
        return new LeaseEventsUseCase.LeaseQuery(ORDERS, CONSUMER, PAID, 10, USER, Duration.ZERO, lease, maxInFlight,
                maxDeliveries);
    }

    private LeaseEventsService leasing(IdOwnership ids) {
        return new LeaseEventsService(events, leases, ids, new Waiters(10), 1000, LeaseLimits.defaults());
    }

    @Test
    void aLeasedReadOfAnotherUsersConsumerIdLeasesNothing() {
        IdOwnership taken = mock(IdOwnership.class);
        when(taken.claim(IdKind.CONSUMER, CONSUMER.value(), USER)).thenReturn(new Login("bob"));
        when(leases.peek(CONSUMER, ORDERS, PAID, 0)).thenReturn(Optional.of(new LeaseStore.Snapshot(Instant.now(),
                new LeaseCursor(Sequence.ZERO, Sequence.ZERO, new Sequence(3)), 0, false, Optional.empty())));

        assertThrows(IdBelongsToAnotherUser.class,
                () -> leasing(taken).lease(query(30, OptionalInt.empty(), OptionalInt.empty())));

        verify(leases, never()).change(any(), any(), any(EventName.class), any());
        verify(leases, never()).change(any(), any(), anyCollection(), any());
    }

    @Test
    void anEngineThatCannotLeaseClaimsNothing() {
        IdOwnership untouched = mock(IdOwnership.class);
        when(leases.peek(any(), any(), any(), anyInt())).thenThrow(new LeasesUnsupported("storage.kind kafka"));

        assertThrows(LeasesUnsupported.class,
                () -> leasing(untouched).lease(query(30, OptionalInt.empty(), OptionalInt.empty())));

        verifyNoInteractions(untouched);
    }

    @Test
    void outOfRangeParametersAreRefusedBeforeAnythingIsAsked() {
        LeaseEventsService service = leasing(ownership);
        assertEquals("lease must be an integer between 1 and 600 (seconds)", assertThrows(InvalidValue.class,
                () -> service.lease(query(601, OptionalInt.empty(), OptionalInt.empty()))).getMessage());
        assertEquals("maxInFlight must be an integer between 1 and 1000", assertThrows(InvalidValue.class,
                () -> service.lease(query(30, OptionalInt.of(0), OptionalInt.empty()))).getMessage());
        assertEquals("maxDeliveries must be an integer between 1 and 100", assertThrows(InvalidValue.class,
                () -> service.lease(query(30, OptionalInt.empty(), OptionalInt.of(101)))).getMessage());
        verifyNoInteractions(leases);
    }

    @Test
    void aBatchWithAnUnknownIdChangesAndClaimsNothing() {
        IdOwnership untouched = mock(IdOwnership.class);
        EventId known = EventId.generate();
        EventId unknown = EventId.generate();
        when(leases.find(any(), any(), anyCollection())).thenReturn(Map.of(known, new EventPosition(PAID,
                new Sequence(1))));
        when(events.findPosition(ORDERS, unknown)).thenReturn(Optional.empty());
        FinishEventsService service = new FinishEventsService(events, leases, untouched, traffic, 1000,
                LeaseLimits.defaults());

        assertThrows(EventNotFound.class, () -> service.finish(new FinishEventsUseCase.FinishCommand(ORDERS,
                CONSUMER, FinishEventsUseCase.Action.ACK, List.of(known, unknown), OptionalInt.empty(),
                OptionalInt.empty(), USER)));

        verify(leases, never()).change(any(), any(), anyCollection(), any());
        verifyNoInteractions(untouched);
    }

    @Test
    void anExtendNeedsALeaseAndABatchItsIds() {
        FinishEventsService service = new FinishEventsService(events, leases, ownership, traffic, 2,
                LeaseLimits.defaults());
        assertThrows(InvalidValue.class, () -> service.finish(new FinishEventsUseCase.FinishCommand(ORDERS, CONSUMER,
                FinishEventsUseCase.Action.EXTEND, List.of(EventId.generate()), OptionalInt.empty(),
                OptionalInt.empty(), USER)));
        assertEquals("eventIds must hold 1 to 2 event ids", assertThrows(InvalidValue.class,
                () -> service.finish(new FinishEventsUseCase.FinishCommand(ORDERS, CONSUMER,
                        FinishEventsUseCase.Action.ACK, List.of(EventId.generate(), EventId.generate(),
                        EventId.generate()), OptionalInt.empty(), OptionalInt.empty(), USER))).getMessage());
        assertThrows(InvalidValue.class, () -> service.finish(new FinishEventsUseCase.FinishCommand(ORDERS, CONSUMER,
                FinishEventsUseCase.Action.NACK, List.of(EventId.generate()), OptionalInt.of(601), OptionalInt.empty(),
                USER)));
        verifyNoInteractions(leases);
    }

    @Test
    void anUnknownDeadLetterIsNotFoundBeforeTheIdIsClaimedAndAnAdminClaimsNothing() {
        IdOwnership untouched = mock(IdOwnership.class);
        EventId event = EventId.generate();
        when(leases.find(CONSUMER, ORDERS, List.of(event))).thenReturn(Map.of());
        DeadLettersService service = new DeadLettersService(events, leases, untouched, 1000);

        assertThrows(DeadLetterNotFound.class, () -> service.retry(new DeadLettersUseCase.DeadLetterCommand(ORDERS,
                CONSUMER, event, new DeadLettersUseCase.Asker(USER, false))));
        when(leases.deadLetters(CONSUMER, ORDERS, PAID, Sequence.ZERO, 11)).thenReturn(List.of());
        assertEquals(List.of(), service.list(new DeadLettersUseCase.DeadLetterQuery(ORDERS, CONSUMER, PAID,
                Sequence.ZERO, 10, new DeadLettersUseCase.Asker(new Login("root"), true))).deadLetters());

        verifyNoInteractions(untouched);
    }
}

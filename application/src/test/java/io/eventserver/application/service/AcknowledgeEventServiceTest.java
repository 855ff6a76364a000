package io.eventserver.application.service;

import static io.eventserver.application.service.Ownerships.ownedByWhoeverAsks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.Optional;

import io.eventserver.application.TestEvents;
import io.eventserver.application.port.in.AcknowledgeEventUseCase.AcknowledgeEventCommand;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.application.port.out.LeasesUnsupported;
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.consumer.Acknowledgement;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.junit.jupiter.api.Test;

class AcknowledgeEventServiceTest {

    private static final Login USER = new Login("alice");
    private final IdOwnership ownership = ownedByWhoeverAsks();

    private static final StreamName ORDERS = new StreamName("orders");
    private static final ConsumerId CONSUMER = new ConsumerId("billing");
    private static final EventName PLACED = new EventName("OrderPlaced");
    private static final EventId EVENT = EventId.generate();

    private final EventStore events = mock(EventStore.class);
    private final CursorStore cursors = mock(CursorStore.class);
    private final LeaseStore leases = mock(LeaseStore.class);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:05Z"));
    private final StreamTraffic traffic = new StreamTraffic(clock);
    private final AcknowledgeEventService service = new AcknowledgeEventService(events, cursors, leases, ownership, traffic);

    @org.junit.jupiter.api.BeforeEach
    void cursorsWithoutLeases() {
        when(cursors.save(any())).thenReturn(true);
    }

    @Test
    void acknowledgingALaterEventSavesTheMovedCursor() {
        when(events.findPosition(ORDERS, EVENT)).thenReturn(Optional.of(new EventPosition(PLACED, new Sequence(4))));
        when(cursors.find(CONSUMER, ORDERS, PLACED))
                .thenReturn(Optional.of(ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(2))));

        Acknowledgement ack = service.acknowledge(new AcknowledgeEventCommand(ORDERS, CONSUMER, EVENT, USER));

        assertInstanceOf(Acknowledgement.OffsetMoved.class, ack);
        verify(cursors).save(ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(4)));
        assertEquals(2, acknowledgedInTheLastInterval(), "from 2 to 4: two events acknowledged");
    }

    /** What the traffic counters say of the interval the acknowledgements were in, once it is complete. */
    private long acknowledgedInTheLastInterval() {
        clock.advance(StreamTraffic.INTERVAL);
        return traffic.rates(ORDERS).intervals().getLast().acknowledged();
    }

    @Test
    void theFirstAcknowledgementCreatesTheCursor() {
        when(events.findPosition(ORDERS, EVENT)).thenReturn(Optional.of(new EventPosition(PLACED, new Sequence(1))));
        when(cursors.find(CONSUMER, ORDERS, PLACED)).thenReturn(Optional.empty());

        service.acknowledge(new AcknowledgeEventCommand(ORDERS, CONSUMER, EVENT, USER));

        verify(cursors).save(ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(1)));
    }

    @Test
    void acknowledgingAnOlderEventAgainSavesNothing() {
        when(events.findPosition(ORDERS, EVENT)).thenReturn(Optional.of(new EventPosition(PLACED, new Sequence(2))));
        when(cursors.find(CONSUMER, ORDERS, PLACED))
                .thenReturn(Optional.of(ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(2))));

        Acknowledgement ack = service.acknowledge(new AcknowledgeEventCommand(ORDERS, CONSUMER, EVENT, USER));

        assertInstanceOf(Acknowledgement.AlreadyAcknowledged.class, ack);
        verify(cursors, never()).save(any());
        assertEquals(0, acknowledgedInTheLastInterval());
    }

    @Test
    void anEventNotInTheStreamIsNotFound() {
        when(events.findPosition(ORDERS, EVENT)).thenReturn(Optional.empty());
        when(events.findStream(ORDERS)).thenReturn(Optional.of(Stream.owned(ORDERS, TestEvents.producer("shop"))));

        assertThrows(EventNotFound.class,
                () -> service.acknowledge(new AcknowledgeEventCommand(ORDERS, CONSUMER, EVENT, USER)));
        verify(cursors, never()).save(any());
    }

    @Test
    void anUnknownStreamIsNotFound() {
        when(events.findPosition(ORDERS, EVENT)).thenReturn(Optional.empty());
        when(events.findStream(ORDERS)).thenReturn(Optional.empty());

        assertThrows(StreamNotFound.class,
                () -> service.acknowledge(new AcknowledgeEventCommand(ORDERS, CONSUMER, EVENT, USER)));
    }

    @Test
    void aConsumerIdOfAnotherUserMovesNothing() {
        when(events.findPosition(ORDERS, EVENT)).thenReturn(Optional.of(new EventPosition(PLACED, new Sequence(4))));
        IdOwnership taken = mock(IdOwnership.class);
        when(taken.claim(IdKind.CONSUMER, CONSUMER.value(), USER)).thenReturn(new Login("bob"));

        assertThrows(IdBelongsToAnotherUser.class, () -> new AcknowledgeEventService(events, cursors, leases, taken, traffic)
                .acknowledge(new AcknowledgeEventCommand(ORDERS, CONSUMER, EVENT, USER)));

        verify(cursors, never()).save(any());
    }

    /** A consumer that never leased keeps its path: the lease store is not asked (ADR 52). */
    @Test
    void aConsumerThatNeverLeasedNeverTouchesTheLeaseStore() {
        when(events.findPosition(ORDERS, EVENT)).thenReturn(Optional.of(new EventPosition(PLACED, new Sequence(4))));
        when(cursors.find(CONSUMER, ORDERS, PLACED))
                .thenReturn(Optional.of(ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(2))));

        service.acknowledge(new AcknowledgeEventCommand(ORDERS, CONSUMER, EVENT, USER));

        org.mockito.Mockito.verifyNoInteractions(leases);
    }

    /** A cursor with leases, or one whose first lease came in between, is moved by the lease rules only. */
    @Test
    void aCursorWithLeasesGoesThroughTheLeaseRules() {
        when(events.findPosition(ORDERS, EVENT)).thenReturn(Optional.of(new EventPosition(PLACED, new Sequence(4))));
        when(cursors.find(CONSUMER, ORDERS, PLACED)).thenReturn(Optional.of(
                ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(2), new Sequence(3))));
        when(leases.change(any(ConsumerId.class), any(StreamName.class), any(EventName.class), any()))
                .thenThrow(new LeasesUnsupported("the test's store"));

        assertThrows(LeasesUnsupported.class,
                () -> service.acknowledge(new AcknowledgeEventCommand(ORDERS, CONSUMER, EVENT, USER)));

        verify(leases).change(any(ConsumerId.class), any(StreamName.class), any(EventName.class), any());
        verify(cursors, never()).save(any());
    }

    @Test
    void aFirstLeaseThatCameInBetweenSendsTheAcknowledgementToTheLeaseRules() {
        when(events.findPosition(ORDERS, EVENT)).thenReturn(Optional.of(new EventPosition(PLACED, new Sequence(4))));
        when(cursors.find(CONSUMER, ORDERS, PLACED)).thenReturn(Optional.empty());
        when(cursors.save(any())).thenReturn(false);
        when(leases.change(any(ConsumerId.class), any(StreamName.class), any(EventName.class), any()))
                .thenThrow(new LeasesUnsupported("the test's store"));

        assertThrows(LeasesUnsupported.class,
                () -> service.acknowledge(new AcknowledgeEventCommand(ORDERS, CONSUMER, EVENT, USER)));

        verify(leases).change(any(ConsumerId.class), any(StreamName.class), any(EventName.class), any());
    }
}

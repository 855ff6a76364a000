package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Optional;

import io.eventserver.application.TestEvents;
import io.eventserver.application.port.in.ResetOffsetUseCase.OffsetReset;
import io.eventserver.application.port.in.ResetOffsetUseCase.ResetOffsetCommand;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventNameNotFound;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.junit.jupiter.api.Test;

class ResetOffsetServiceTest {

    private static final StreamName ORDERS = new StreamName("orders");
    private static final ConsumerId BILLING = new ConsumerId("billing");
    private static final EventName PLACED = new EventName("OrderPlaced");

    private final EventStore events = mock(EventStore.class);
    private final CursorStore cursors = mock(CursorStore.class);
    private final ResetOffsetService service = new ResetOffsetService(events, cursors, mock(io.eventserver.application.port.out.LeaseStore.class));

    @org.junit.jupiter.api.BeforeEach
    void cursorsWithoutLeases() {
        when(cursors.overwrite(any())).thenReturn(true);
    }

    @Test
    void movesTheOffsetBackwardsAndReportsThePreviousOne() {
        existing(7);
        when(cursors.find(BILLING, ORDERS, PLACED))
                .thenReturn(Optional.of(ConsumerCursor.at(BILLING, ORDERS, PLACED, new Sequence(6))));

        OffsetReset reset = service.reset(command(0));

        assertEquals(new Sequence(6), reset.previous());
        verify(cursors).overwrite(ConsumerCursor.at(BILLING, ORDERS, PLACED, Sequence.ZERO));
    }

    @Test
    void createsTheCursorWhenTheConsumerHasNone() {
        existing(7);
        when(cursors.find(BILLING, ORDERS, PLACED)).thenReturn(Optional.empty());

        OffsetReset reset = service.reset(command(7));

        assertEquals(Sequence.ZERO, reset.previous());
        verify(cursors).overwrite(ConsumerCursor.at(BILLING, ORDERS, PLACED, new Sequence(7)));
    }

    @Test
    void refusesAnOffsetBeyondTheLastEvent() {
        existing(7);
        when(cursors.find(BILLING, ORDERS, PLACED)).thenReturn(Optional.empty());

        assertThrows(InvalidValue.class, () -> service.reset(command(8)));
        verify(cursors, never()).overwrite(any());
    }

    @Test
    void anUnknownStreamOrEventNameIsNotFound() {
        when(events.findStream(ORDERS)).thenReturn(Optional.empty());
        assertThrows(StreamNotFound.class, () -> service.reset(command(0)));

        when(events.findStream(ORDERS)).thenReturn(Optional.of(Stream.owned(ORDERS, TestEvents.producer("shop"))));
        when(events.lastSequence(ORDERS, PLACED)).thenReturn(Optional.empty());
        assertThrows(EventNameNotFound.class, () -> service.reset(command(0)));
        verify(cursors, never()).overwrite(any());
    }

    private void existing(long lastSequence) {
        when(events.findStream(ORDERS)).thenReturn(Optional.of(Stream.owned(ORDERS, TestEvents.producer("shop"))));
        when(events.lastSequence(ORDERS, PLACED)).thenReturn(Optional.of(new Sequence(lastSequence)));
    }

    private static ResetOffsetCommand command(long sequence) {
        return new ResetOffsetCommand(ORDERS, BILLING, PLACED, new Sequence(sequence), "operator");
    }
}

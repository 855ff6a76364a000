package io.eventserver.application.service;

import static io.eventserver.application.service.Ownerships.ownedByWhoeverAsks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.eventserver.application.TestEvents;
import io.eventserver.application.port.in.ReadEventsUseCase.ReadEventsQuery;
import io.eventserver.application.port.in.ReadEventsUseCase;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.junit.jupiter.api.Test;

class ReadEventsServiceTest {

    private static final Login USER = new Login("alice");
    private final IdOwnership ownership = ownedByWhoeverAsks();

    private static final StreamName ORDERS = new StreamName("orders");
    private static final ConsumerId CONSUMER = new ConsumerId("billing");
    private static final EventName PLACED = new EventName("OrderPlaced");

    private final EventStore events = mock(EventStore.class);
    private final CursorStore cursors = mock(CursorStore.class);
    private final ReadEventsService service = new ReadEventsService(events, cursors, ownership, new Waiters(10), 1000);

    @Test
    void readsAfterTheConsumersOffset() {
        existingStream();
        when(cursors.find(CONSUMER, ORDERS, PLACED))
                .thenReturn(Optional.of(ConsumerCursor.at(CONSUMER, ORDERS, PLACED, new Sequence(7))));
        List<RecordedEvent> page = List.of(
                new RecordedEvent(EventId.generate(), PLACED, new Sequence(8), Instant.EPOCH, new EventDocument("{}")),
                new RecordedEvent(EventId.generate(), PLACED, new Sequence(9), Instant.EPOCH, new EventDocument("{}")));
        when(events.readAfter(ORDERS, PLACED, new Sequence(7), 10)).thenReturn(page);

        assertEquals(page, service.read(new ReadEventsQuery(ORDERS, CONSUMER, PLACED, 10, USER)),
                "the events after the offset, as the store returned them");
        verify(events).readAfter(ORDERS, PLACED, new Sequence(7), 10);
        verify(cursors, never()).save(any());
    }

    @Test
    void aConsumerWithoutCursorReadsFromTheStart() {
        existingStream();
        when(cursors.find(CONSUMER, ORDERS, PLACED)).thenReturn(Optional.empty());

        service.read(new ReadEventsQuery(ORDERS, CONSUMER, PLACED, 10, USER));

        verify(events).readAfter(ORDERS, PLACED, Sequence.ZERO, 10);
    }

    @Test
    void readingNeverSavesACursor() {
        existingStream();
        when(cursors.find(CONSUMER, ORDERS, PLACED)).thenReturn(Optional.empty());

        service.read(new ReadEventsQuery(ORDERS, CONSUMER, PLACED, 10, USER));

        verify(cursors).find(CONSUMER, ORDERS, PLACED);
        verifyNoMoreInteractions(cursors);
    }

    @Test
    void anUnknownStreamIsNotFound() {
        when(events.findStream(ORDERS)).thenReturn(Optional.empty());

        assertThrows(StreamNotFound.class, () -> service.read(new ReadEventsQuery(ORDERS, CONSUMER, PLACED, 10, USER)));
    }

    @Test
    void aLimitAboveTheMaximumIsRefusedBeforeAnyLookUp() {
        assertThrows(InvalidValue.class, () -> service.read(new ReadEventsQuery(ORDERS, CONSUMER, PLACED, 1001, USER)));
        assertThrows(InvalidValue.class, () -> new ReadEventsQuery(ORDERS, CONSUMER, PLACED, 0, USER));

        verify(events, never()).readAfter(any(), any(), any(), anyInt());
    }

    private void existingStream() {
        when(events.findStream(ORDERS)).thenReturn(Optional.of(Stream.owned(ORDERS, TestEvents.producer("shop"))));
    }

    @Test
    void aConsumerIdOfAnotherUserReadsNothingAndAStreamThatIsMissingClaimsNothing() {
        existingStream();
        when(cursors.find(CONSUMER, ORDERS, PLACED)).thenReturn(Optional.empty());
        IdOwnership taken = mock(IdOwnership.class);
        when(taken.claim(IdKind.CONSUMER, CONSUMER.value(), USER)).thenReturn(new Login("bob"));
        ReadEventsService refusing = new ReadEventsService(events, cursors, taken, new Waiters(10), 1000);

        assertThrows(IdBelongsToAnotherUser.class,
                () -> refusing.read(new ReadEventsQuery(ORDERS, CONSUMER, PLACED, 10, USER)));

        when(events.findStream(ORDERS)).thenReturn(Optional.empty());
        IdOwnership untouched = mock(IdOwnership.class);
        assertThrows(StreamNotFound.class, () -> new ReadEventsService(events, cursors, untouched, new Waiters(10), 1000)
                .read(new ReadEventsQuery(ORDERS, CONSUMER, PLACED, 10, USER)));
        verifyNoInteractions(untouched);
    }

    @Test
    void aFollowerRefusedForTooManyWaitersClaimsNothingAndOneRefusedByItsClaimStopsWaiting() {
        existingStream();
        Waiters full = new Waiters(0);
        IdOwnership untouched = mock(IdOwnership.class);
        assertThrows(ReadEventsUseCase.TooManyWaiting.class, () -> new ReadEventsService(events, cursors, untouched,
                full, 1000).follow(new ReadEventsQuery(ORDERS, CONSUMER, PLACED, 10, USER), Optional.empty()));
        verifyNoInteractions(untouched);

        Waiters waiters = new Waiters(5);
        IdOwnership taken = mock(IdOwnership.class);
        when(taken.claim(IdKind.CONSUMER, CONSUMER.value(), USER)).thenReturn(new Login("bob"));
        assertThrows(IdBelongsToAnotherUser.class, () -> new ReadEventsService(events, cursors, taken, waiters, 1000)
                .follow(new ReadEventsQuery(ORDERS, CONSUMER, PLACED, 10, USER), Optional.empty()));
        assertEquals(0, waiters.waiting(), "the refused follower does not wait on");
    }

    @Test
    void browsingReadsAfterTheGivenSequenceWithoutAConsumerClaimOrCursor() {
        existingStream();
        IdOwnership untouched = mock(IdOwnership.class);
        ReadEventsService browsing = new ReadEventsService(events, cursors, untouched, new Waiters(10), 1000);
        List<RecordedEvent> page = List.of(
                new RecordedEvent(EventId.generate(), PLACED, new Sequence(5), Instant.EPOCH, new EventDocument("{}")));
        when(events.readAfter(ORDERS, PLACED, new Sequence(4), 20)).thenReturn(page);

        assertEquals(page, browsing.browse(new ReadEventsUseCase.BrowseQuery(ORDERS, PLACED, new Sequence(4), 20)));
        verifyNoInteractions(untouched, cursors);

        assertThrows(InvalidValue.class,
                () -> browsing.browse(new ReadEventsUseCase.BrowseQuery(ORDERS, PLACED, Sequence.ZERO, 1001)));
        when(events.findStream(ORDERS)).thenReturn(Optional.empty());
        assertThrows(StreamNotFound.class,
                () -> browsing.browse(new ReadEventsUseCase.BrowseQuery(ORDERS, PLACED, Sequence.ZERO, 10)));
    }

    @Test
    void watchingFollowsFromTheGivenSequenceClaimsNothingAndCountsAsWaiting() {
        existingStream();
        IdOwnership untouched = mock(IdOwnership.class);
        Waiters waiters = new Waiters(1);
        ReadEventsService watching = new ReadEventsService(events, cursors, untouched, waiters, 1000);
        RecordedEvent eighth =
                new RecordedEvent(EventId.generate(), PLACED, new Sequence(8), Instant.EPOCH, new EventDocument("{}"));
        when(events.readAfter(ORDERS, PLACED, new Sequence(7), 10)).thenReturn(List.of(eighth));
        when(events.readAfter(ORDERS, PLACED, new Sequence(8), 10)).thenReturn(List.of());

        try (ReadEventsUseCase.Subscription tail =
                     watching.watch(new ReadEventsUseCase.BrowseQuery(ORDERS, PLACED, new Sequence(7), 10))) {
            assertEquals(1, waiters.waiting());
            assertThrows(ReadEventsUseCase.TooManyWaiting.class,
                    () -> watching.watch(new ReadEventsUseCase.BrowseQuery(ORDERS, PLACED, Sequence.ZERO, 10)));
            assertEquals(List.of(eighth), tail.next(java.time.Duration.ZERO));
            assertEquals(List.of(), tail.next(java.time.Duration.ZERO), "continues after the last one returned");
        }
        assertEquals(0, waiters.waiting());
        verifyNoInteractions(untouched, cursors);
    }
}

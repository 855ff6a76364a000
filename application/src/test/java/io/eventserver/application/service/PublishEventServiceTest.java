package io.eventserver.application.service;

import static io.eventserver.application.TestEvents.draft;
import static io.eventserver.application.TestEvents.producer;
import static io.eventserver.application.service.Ownerships.ownedByWhoeverAsks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.eventserver.application.port.in.PublishEventUseCase.PublishEventCommand;
import io.eventserver.application.port.in.PublishEventUseCase.Published;
import io.eventserver.application.port.out.AppendResult;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.StreamClaimedConcurrently;
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.IdempotencyKey;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamOwnedByAnotherProducer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class PublishEventServiceTest {

    private static final Login USER = new Login("alice");
    private final IdOwnership ownership = ownedByWhoeverAsks();

    private static final StreamName ORDERS = new StreamName("orders");

    private final EventStore store = mock(EventStore.class);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:05Z"));
    private final StreamTraffic traffic = new StreamTraffic(clock);
    private final PublishEventService service = new PublishEventService(store, ownership, traffic);

    @Test
    void theFirstPublishClaimsTheStreamForItsProducer() {
        when(store.findStream(ORDERS)).thenReturn(Optional.empty());
        when(store.append(any(), anyList(), any())).thenAnswer(invocation -> appended(invocation.getArgument(1)));

        EventId id = service.publish(new PublishEventCommand(ORDERS, producer("shop"), draft("OrderPlaced"), USER)).ids().getFirst();

        ArgumentCaptor<Stream> stream = ArgumentCaptor.forClass(Stream.class);
        ArgumentCaptor<List<EventAppended>> events = listCaptor();
        verify(store).append(stream.capture(), events.capture(), any());
        assertTrue(stream.getValue().isClaimedNow());
        assertEquals(producer("shop"), stream.getValue().owner());
        assertEquals(id, events.getValue().getFirst().id());
    }

    @Test
    void theOwnerAppendsToItsExistingStream() {
        when(store.findStream(ORDERS)).thenReturn(Optional.of(Stream.owned(ORDERS, producer("shop"))));
        when(store.append(any(), anyList(), any())).thenAnswer(invocation -> appended(invocation.getArgument(1)));
        EventDraft placed = draft("OrderPlaced");

        EventId id = service.publish(new PublishEventCommand(ORDERS, producer("shop"), placed, USER)).ids().getFirst();

        ArgumentCaptor<Stream> stream = ArgumentCaptor.forClass(Stream.class);
        ArgumentCaptor<List<EventAppended>> events = listCaptor();
        verify(store).append(stream.capture(), events.capture(), any());
        EventAppended appended = events.getValue().getFirst();
        assertEquals(ORDERS, stream.getValue().name());
        assertEquals(producer("shop"), stream.getValue().owner());
        assertFalse(stream.getValue().isClaimedNow(), "an existing stream is not claimed again");
        assertEquals(ORDERS, appended.stream());
        assertEquals(placed, appended.draft());
        assertEquals(appended.id(), id, "the caller gets the id the stream gave the event");
    }

    @Test
    void anotherProducerIsRefusedAndNothingIsStored() {
        when(store.findStream(ORDERS)).thenReturn(Optional.of(Stream.owned(ORDERS, producer("shop"))));

        assertThrows(StreamOwnedByAnotherProducer.class,
                () -> service.publish(new PublishEventCommand(ORDERS, producer("intruder"), draft("OrderPlaced"), USER)));

        verify(store, never()).append(any(), anyList(), any());
    }

    @Test
    void losingTheRaceToCreateAStreamToItsOwnerStillPublishes() {
        when(store.findStream(ORDERS))
                .thenReturn(Optional.empty())
                .thenReturn(Optional.of(Stream.owned(ORDERS, producer("shop"))));
        when(store.append(any(), anyList(), any()))
                .thenThrow(new StreamClaimedConcurrently(ORDERS))
                .thenAnswer(invocation -> appended(invocation.getArgument(1)));

        service.publish(new PublishEventCommand(ORDERS, producer("shop"), draft("OrderPlaced"), USER));

        verify(store, times(2)).append(any(), anyList(), any());
    }

    @Test
    void losingTheRaceToAnotherProducerIsRefused() {
        when(store.findStream(ORDERS))
                .thenReturn(Optional.empty())
                .thenReturn(Optional.of(Stream.owned(ORDERS, producer("winner"))));
        when(store.append(any(), anyList(), any())).thenThrow(new StreamClaimedConcurrently(ORDERS));

        assertThrows(StreamOwnedByAnotherProducer.class,
                () -> service.publish(new PublishEventCommand(ORDERS, producer("loser"), draft("OrderPlaced"), USER)));

        verify(store, times(1)).append(any(), anyList(), any());
    }

    private static AppendResult appended(List<EventAppended> events) {
        return new AppendResult.Appended(events.stream().map(event -> new RecordedEvent(event.id(),
                event.draft().name(), new Sequence(1), Instant.now(), event.draft().document())).toList());
    }

    @SuppressWarnings("unchecked")
    private static ArgumentCaptor<List<EventAppended>> listCaptor() {
        return ArgumentCaptor.forClass(List.class);
    }

    @Test
    void aBatchIsAppendedAsOneInTheOrderOfTheCommandWithItsKey() {
        when(store.findStream(ORDERS)).thenReturn(Optional.of(Stream.owned(ORDERS, producer("shop"))));
        when(store.append(any(), anyList(), any())).thenAnswer(invocation -> appended(invocation.getArgument(1)));
        Optional<Idempotency> key = Optional.of(new Idempotency(new IdempotencyKey("retry-1"), "a".repeat(64)));
        List<EventDraft> drafts = List.of(draft("A"), draft("B"), draft("A"));

        Published published = service.publish(new PublishEventCommand(ORDERS, producer("shop"), drafts, key, USER));

        ArgumentCaptor<List<EventAppended>> events = listCaptor();
        verify(store).append(any(), events.capture(), org.mockito.ArgumentMatchers.eq(key));
        assertEquals(drafts, events.getValue().stream().map(EventAppended::draft).toList());
        assertEquals(events.getValue().stream().map(EventAppended::id).toList(), published.ids());
        assertFalse(published.replayed());
        assertEquals(3, publishedInTheLastInterval(), "the batch's events are counted for the stream's rates");
    }

    /** What the traffic counters say of the interval the publishes were in, once it is complete. */
    private long publishedInTheLastInterval() {
        clock.advance(StreamTraffic.INTERVAL);
        return traffic.rates(ORDERS).intervals().getLast().published();
    }

    @Test
    void aReplayedAppendIsAnsweredWithTheStoredIds() {
        when(store.findStream(ORDERS)).thenReturn(Optional.of(Stream.owned(ORDERS, producer("shop"))));
        List<EventId> stored = List.of(EventId.generate(), EventId.generate());
        when(store.append(any(), anyList(), any())).thenReturn(new AppendResult.Replayed(stored));

        Published published = service.publish(new PublishEventCommand(ORDERS, producer("shop"),
                List.of(draft("A"), draft("B")), Optional.of(new Idempotency(new IdempotencyKey("k"),
                "b".repeat(64))), USER));

        assertEquals(stored, published.ids());
        assertTrue(published.replayed());
        assertEquals(0, publishedInTheLastInterval(), "a replay stores nothing and counts nothing");
    }

    @Test
    void aProducerIdOfAnotherUserAppendsNothing() {
        when(store.findStream(ORDERS)).thenReturn(Optional.of(Stream.owned(ORDERS, producer("shop"))));
        IdOwnership taken = mock(IdOwnership.class);
        when(taken.claim(IdKind.PRODUCER, "shop", USER)).thenReturn(new Login("bob"));

        assertThrows(IdBelongsToAnotherUser.class, () -> new PublishEventService(store, taken, traffic)
                .publish(new PublishEventCommand(ORDERS, producer("shop"), draft("OrderPlaced"), USER)));

        verify(store, never()).append(any(), anyList(), any());
    }

    @Test
    void aPublishRefusedByTheStreamClaimsNoProducerId() {
        when(store.findStream(ORDERS)).thenReturn(Optional.of(Stream.owned(ORDERS, producer("shop"))));
        IdOwnership untouched = mock(IdOwnership.class);

        assertThrows(StreamOwnedByAnotherProducer.class, () -> new PublishEventService(store, untouched, traffic)
                .publish(new PublishEventCommand(ORDERS, producer("intruder"), draft("OrderPlaced"), USER)));

        verifyNoInteractions(untouched);
    }
}

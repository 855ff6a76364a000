package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.eventserver.application.TestEvents;
import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.EventNameSummary;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.application.port.in.InspectStreamsUseCase.ConsumerPage;
import io.eventserver.application.port.in.InspectStreamsUseCase.EventNamePage;
import io.eventserver.application.port.in.InspectStreamsUseCase.StreamPage;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.junit.jupiter.api.Test;

class InspectStreamsServiceTest {

    private final StreamCatalog catalog = mock(StreamCatalog.class);
    private final EventStore events = mock(EventStore.class);
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final StreamTraffic traffic = new StreamTraffic(clock);
    private final InspectStreamsService service = new InspectStreamsService(catalog, events, traffic);

    @Test
    void aFullPageNamesTheNextOneAndAShortPageIsTheLast() {
        when(catalog.streams(Optional.empty(), 3, StreamSummary.RECENT_EVENT_NAMES)).thenReturn(List.of(summary("a"), summary("b"), summary("c")));
        when(catalog.streams(Optional.of(new StreamName("b")), 3, StreamSummary.RECENT_EVENT_NAMES)).thenReturn(List.of(summary("c")));

        StreamPage first = service.streams(Optional.empty(), 2, name -> true);
        assertEquals(List.of(summary("a"), summary("b")), first.streams());
        assertEquals(Optional.of(new StreamName("b")), first.next());
        assertEquals(Optional.empty(), service.streams(Optional.of(new StreamName("b")), 2, name -> true).next());
    }

    @Test
    void aPageThatEndsExactlyAtTheLastStreamHasNoNext() {
        when(catalog.streams(Optional.empty(), 3, StreamSummary.RECENT_EVENT_NAMES)).thenReturn(List.of(summary("a"), summary("b")));

        StreamPage page = service.streams(Optional.empty(), 2, name -> true);
        assertEquals(2, page.streams().size());
        assertEquals(Optional.empty(), page.next());
    }

    @Test
    void pageSizesOutsideTheRangeAreRefused() {
        assertThrows(InvalidValue.class, () -> service.streams(Optional.empty(), 0, name -> true));
        assertThrows(InvalidValue.class, () -> service.streams(Optional.empty(), 1001, name -> true));
    }

    @Test
    void unknownStreamsAndEventsAreNotFound() {
        StreamName orders = new StreamName("orders");
        when(catalog.stream(orders, StreamSummary.RECENT_EVENT_NAMES)).thenReturn(Optional.empty());
        when(events.findStream(orders)).thenReturn(Optional.empty());
        EventId id = EventId.generate();
        when(events.findEvent(orders, id)).thenReturn(Optional.empty());

        assertThrows(StreamNotFound.class, () -> service.stream(orders));
        assertThrows(StreamNotFound.class, () -> service.consumers(orders, Optional.empty(), 10));
        assertThrows(StreamNotFound.class, () -> service.eventNames(orders, Optional.empty(), 10));
        assertThrows(StreamNotFound.class, () -> service.event(orders, id));
        assertThrows(StreamNotFound.class, () -> service.rates(orders));

        when(events.findStream(orders)).thenReturn(Optional.of(Stream.owned(orders, TestEvents.producer("shop"))));
        assertThrows(EventNotFound.class, () -> service.event(orders, id));
    }

    /** Issue 29: event names and consumers come in pages, each naming the next, at most the configured most. */
    @Test
    void eventNamesAndConsumersComeInBoundedPages() {
        StreamName orders = new StreamName("orders");
        when(events.findStream(orders)).thenReturn(Optional.of(Stream.owned(orders, TestEvents.producer("shop"))));
        List<EventNameSummary> names = List.of(name("A", 3), name("B", 1), name("C", 7));
        when(catalog.eventNames(orders, Optional.empty(), 3)).thenReturn(names);
        when(catalog.eventNames(orders, Optional.of(new EventName("B")), 3)).thenReturn(names.subList(2, 3));

        EventNamePage first = service.eventNames(orders, Optional.empty(), 2);
        assertEquals(names.subList(0, 2), first.eventNames());
        assertEquals(Optional.of(new EventName("B")), first.next());
        EventNamePage last = service.eventNames(orders, first.next(), 2);
        assertEquals(names.subList(2, 3), last.eventNames());
        assertEquals(Optional.empty(), last.next());

        ConsumerLag lag = new ConsumerLag(orders, new ConsumerId("billing"), new EventName("A"), new Sequence(1),
                Instant.EPOCH, new Sequence(3), Optional.empty());
        when(catalog.consumerLags(orders, Optional.empty(), 2)).thenReturn(List.of(lag, lag));
        ConsumerPage consumers = service.consumers(orders, Optional.empty(), 1);
        assertEquals(List.of(lag), consumers.consumers());
        assertEquals(Optional.of(new ConsumerLag.Position(new EventName("A"), new ConsumerId("billing"))),
                consumers.next());

        InspectStreamsService small = new InspectStreamsService(catalog, events, traffic, 50);
        assertThrows(InvalidValue.class, () -> small.eventNames(orders, Optional.empty(), 51));
        assertThrows(InvalidValue.class, () -> small.consumers(orders, Optional.empty(), 0));
        assertThrows(InvalidValue.class, () -> small.streams(Optional.empty(), 51, name -> true));
        assertThrows(InvalidValue.class, () -> small.largestLags(51, name -> true));
    }

    private static EventNameSummary name(String name, long last) {
        return new EventNameSummary(new EventName(name), new Sequence(last));
    }

    @Test
    void theLargestLagsOfTheVisibleStreamsAreReadFurtherUntilThereAreEnough() {
        List<ConsumerLag> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(lag(i % 5 == 0 ? "mine" : "theirs", 100 - i));
        }
        when(catalog.largestLags(org.mockito.ArgumentMatchers.anyInt())).thenAnswer(call ->
                all.subList(0, Math.min(all.size(), call.<Integer>getArgument(0))));

        List<ConsumerLag> mine = service.largestLags(3, name -> name.value().equals("mine"));

        assertEquals(List.of(100L, 95L, 90L), mine.stream().map(ConsumerLag::lag).toList());
        assertEquals(4, service.largestLags(10, name -> name.value().equals("mine")).size(), "all there are");
        assertEquals(List.of(100L, 99L), service.largestLags(2, name -> true).stream().map(ConsumerLag::lag)
                .toList());
        assertThrows(InvalidValue.class, () -> service.largestLags(0, name -> true));
    }

    private static ConsumerLag lag(String stream, long lag) {
        return new ConsumerLag(new StreamName(stream), new ConsumerId("c" + lag), new EventName("E"),
                new Sequence(0), Instant.EPOCH, new Sequence(lag), Optional.empty());
    }

    private static StreamSummary summary(String name) {
        return new StreamSummary(new StreamName(name), TestEvents.producer("shop"), Instant.EPOCH, Map.of(), 0, 0,
                Optional.empty());
    }
}

package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.eventserver.application.TestEvents;
import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.EventNameSummary;
import io.eventserver.application.model.LeaseCounts;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.application.port.in.InspectStreamsUseCase.ConsumerPage;
import io.eventserver.application.port.in.InspectStreamsUseCase.EventNamePage;
import io.eventserver.application.port.in.FinishEventsUseCase;
import io.eventserver.application.port.in.InspectStreamsUseCase.StreamPage;
import io.eventserver.application.port.in.LeaseEventsUseCase;
import io.eventserver.application.port.in.LeaseLimits;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.application.port.out.memory.InMemoryStorage;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.junit.jupiter.api.Test;

/** The operators' views on the in-memory engine: pages of what it holds, and what it does not hold. */
class InspectStreamsServiceTest {

    private static final StreamName ORDERS = new StreamName("orders");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final InMemoryStorage storage = new InMemoryStorage(EventStore.DEFAULT_MAX_EVENT_NAMES, clock);
    private final EventStore events = storage.eventStore();
    private final CursorStore cursors = storage.cursorStore();
    private final StreamCatalog catalog = storage.streamCatalog();
    private final StreamTraffic traffic = new StreamTraffic(clock);
    private final InspectStreamsService service = new InspectStreamsService(catalog, events, traffic);

    @Test
    void aFullPageNamesTheNextOneAndAShortPageIsTheLast() {
        streams("c", "a", "b");

        StreamPage first = service.streams(Optional.empty(), 2, name -> true);
        assertEquals(List.of("a", "b"), names(first));
        assertEquals(Optional.of(new StreamName("b")), first.next());
        StreamPage last = service.streams(first.next(), 2, name -> true);
        assertEquals(List.of("c"), names(last));
        assertEquals(Optional.empty(), last.next());
    }

    @Test
    void aPageThatEndsExactlyAtTheLastStreamHasNoNext() {
        streams("a", "b");

        StreamPage page = service.streams(Optional.empty(), 2, name -> true);
        assertEquals(List.of("a", "b"), names(page));
        assertEquals(Optional.empty(), page.next());
    }

    @Test
    void pageSizesOutsideTheRangeAreRefused() {
        assertThrows(InvalidValue.class, () -> service.streams(Optional.empty(), 0, name -> true));
        assertThrows(InvalidValue.class, () -> service.streams(Optional.empty(), 1001, name -> true));
    }

    @Test
    void unknownStreamsAndEventsAreNotFound() {
        EventId id = EventId.generate();

        assertThrows(StreamNotFound.class, () -> service.stream(ORDERS));
        assertThrows(StreamNotFound.class, () -> service.consumers(ORDERS, Optional.empty(), 10));
        assertThrows(StreamNotFound.class, () -> service.eventNames(ORDERS, Optional.empty(), 10));
        assertThrows(StreamNotFound.class, () -> service.event(ORDERS, id));
        assertThrows(StreamNotFound.class, () -> service.rates(ORDERS));

        append(ORDERS, "OrderPlaced", 1);
        assertThrows(EventNotFound.class, () -> service.event(ORDERS, id));
    }

    /** Issue 29: event names and consumers come in pages, each naming the next, at most the configured most. */
    @Test
    void eventNamesAndConsumersComeInBoundedPages() {
        append(ORDERS, "C", 7);
        append(ORDERS, "A", 3);
        append(ORDERS, "B", 1);

        EventNamePage first = service.eventNames(ORDERS, Optional.empty(), 2);
        assertEquals(List.of(name("A", 3), name("B", 1)), first.eventNames());
        assertEquals(Optional.of(new EventName("B")), first.next());
        EventNamePage last = service.eventNames(ORDERS, first.next(), 2);
        assertEquals(List.of(name("C", 7)), last.eventNames());
        assertEquals(Optional.empty(), last.next());

        cursors.save(ConsumerCursor.at(new ConsumerId("billing"), ORDERS, new EventName("A"), new Sequence(1)));
        cursors.save(ConsumerCursor.at(new ConsumerId("audit"), ORDERS, new EventName("C"), new Sequence(2)));
        ConsumerPage consumers = service.consumers(ORDERS, Optional.empty(), 1);
        assertEquals(List.of("A/billing lag 2"), lags(consumers.consumers()));
        assertEquals(Optional.of(new ConsumerLag.Position(new EventName("A"), new ConsumerId("billing"))),
                consumers.next());
        ConsumerPage rest = service.consumers(ORDERS, consumers.next(), 1);
        assertEquals(List.of("C/audit lag 5"), lags(rest.consumers()));
        assertEquals(Optional.empty(), rest.next());

        InspectStreamsService small = new InspectStreamsService(catalog, events, traffic, 50);
        assertThrows(InvalidValue.class, () -> small.eventNames(ORDERS, Optional.empty(), 51));
        assertThrows(InvalidValue.class, () -> small.consumers(ORDERS, Optional.empty(), 0));
        assertThrows(InvalidValue.class, () -> small.streams(Optional.empty(), 51, name -> true));
        assertThrows(InvalidValue.class, () -> small.largestLags(51, name -> true));
    }

    /** ADR 52: a page of consumers carries, for each that leases, its events in flight and its dead letters. */
    @Test
    void theConsumersThatLeaseCountTheirEventsInFlightAndTheirDeadLetters() {
        append(ORDERS, "A", 4);
        EventName a = new EventName("A");
        ConsumerId leasing = new ConsumerId("workers");
        Login user = new Login("alice");
        LeaseEventsService lease = new LeaseEventsService(events, storage.leaseStore(), storage.idOwnership(),
                new Waiters(1), 1000, LeaseLimits.defaults());
        LeaseEventsUseCase.LeaseQuery once = new LeaseEventsUseCase.LeaseQuery(ORDERS, leasing, a, 3, user,
                Duration.ZERO, 60, OptionalInt.empty(), OptionalInt.of(1));
        EventId first = lease.lease(once).events().getFirst().event().id();
        new FinishEventsService(events, storage.leaseStore(), storage.idOwnership(), traffic, 1000,
                LeaseLimits.defaults()).finish(new FinishEventsUseCase.FinishCommand(ORDERS, leasing,
                FinishEventsUseCase.Action.NACK, List.of(first), OptionalInt.empty(), OptionalInt.empty(), user));
        assertEquals(1, lease.lease(once).deadLettered(), "event 1, delivered once, is dead-lettered");
        cursors.save(ConsumerCursor.at(new ConsumerId("billing"), ORDERS, a, new Sequence(1)));
        InspectStreamsService withLeases = new InspectStreamsService(catalog, events, traffic, 50,
                storage.leaseStore());

        ConsumerPage page = withLeases.consumers(ORDERS, Optional.empty(), 10);

        assertEquals(List.of("A/billing lag 3", "A/workers lag 3"), lags(page.consumers()));
        assertEquals(Map.of(new ConsumerLag.Position(a, leasing), new LeaseCounts(3, 1)), page.leases(),
                "events 2, 3 and 4 in flight, event 1 dead; billing never leased");
    }

    private static EventNameSummary name(String name, long last) {
        return new EventNameSummary(new EventName(name), new Sequence(last));
    }

    /** Twenty cursors with lags 100 down to 81, every fifth on a stream the caller may see. */
    @Test
    void theLargestLagsOfTheVisibleStreamsAreReadFurtherUntilThereAreEnough() {
        StreamName mine = new StreamName("mine");
        StreamName theirs = new StreamName("theirs");
        append(mine, "E", 100);
        append(theirs, "E", 100);
        for (int i = 0; i < 20; i++) {
            cursors.save(ConsumerCursor.at(new ConsumerId("c" + i), i % 5 == 0 ? mine : theirs, new EventName("E"),
                    new Sequence(i)));
        }

        List<ConsumerLag> largest = service.largestLags(3, name -> name.equals(mine));

        assertEquals(List.of(100L, 95L, 90L), largest.stream().map(ConsumerLag::lag).toList());
        assertEquals(4, service.largestLags(10, name -> name.equals(mine)).size(), "all there are");
        assertEquals(List.of(100L, 99L), service.largestLags(2, name -> true).stream().map(ConsumerLag::lag)
                .toList());
        assertThrows(InvalidValue.class, () -> service.largestLags(0, name -> true));
    }

    private void streams(String... names) {
        for (String name : names) {
            append(new StreamName(name), "Created", 1);
        }
    }

    private void append(StreamName stream, String eventName, int count) {
        Stores.append(events, stream, TestEvents.producer("shop"), eventName, count);
    }

    private static List<String> names(StreamPage page) {
        return page.streams().stream().map(StreamSummary::name).map(StreamName::value).toList();
    }

    private static List<String> lags(List<ConsumerLag> lags) {
        return lags.stream().map(lag -> lag.eventName() + "/" + lag.consumer() + " lag " + lag.lag()).toList();
    }
}

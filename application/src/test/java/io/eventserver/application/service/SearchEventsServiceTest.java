package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.eventserver.application.TestEvents;
import io.eventserver.application.port.in.SearchEventsUseCase.Found;
import io.eventserver.application.port.in.SearchEventsUseCase.SearchQuery;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.JsonDocuments;
import io.eventserver.application.port.out.memory.InMemoryStorage;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.junit.jupiter.api.Test;

/** Finding an event on the in-memory engine: time range, containment, the scan cap and where to continue. */
class SearchEventsServiceTest {

    private static final StreamName ORDERS = new StreamName("orders");
    private static final EventName PLACED = new EventName("OrderPlaced");

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final InMemoryStorage storage = new InMemoryStorage(EventStore.DEFAULT_MAX_EVENT_NAMES, clock);
    private final EventStore events = storage.eventStore();
    /** Containment by text, enough for the documents of these tests; the JSON adapter does it properly. */
    private final JsonDocuments json = new JsonDocuments() {
        @Override
        public PayloadSchema compile(String schema) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Predicate<EventDocument> containing(String jsonObject) {
            if (!jsonObject.startsWith("{")) {
                throw new InvalidValue("contains must be a JSON object");
            }
            String inner = jsonObject.substring(jsonObject.indexOf(":{") + 2, jsonObject.length() - 2);
            return document -> document.json().contains(inner);
        }
    };
    private final SearchEventsService service = new SearchEventsService(events, json, 1000, 5);

    @Test
    void findsWhatWasReceivedInTheRangeAndSaysWhereToContinue() {
        List<RecordedEvent> placed = placedEveryMinute(8);

        Found found = service.search(query(Sequence.ZERO, 2, Optional.of(placed.get(2).receivedAt()),
                Optional.of(placed.get(6).receivedAt()), Optional.empty()));
        assertEquals(placed.subList(2, 4), found.events());
        assertEquals(Optional.of(new Sequence(4)), found.next(), "two found: the last examined");

        Found rest = service.search(query(found.next().get(), 10, Optional.of(placed.get(2).receivedAt()),
                Optional.of(placed.get(6).receivedAt()), Optional.empty()));
        assertEquals(placed.subList(4, 6), rest.events());
        assertEquals(Optional.empty(), rest.next(), "it examined up to the last event");
        Found capped = service.search(query(Sequence.ZERO, 10, Optional.empty(), Optional.empty(),
                Optional.empty()));
        assertEquals(placed.subList(0, 5), capped.events());
        assertEquals(Optional.of(new Sequence(5)), capped.next(), "five examined (api.max-scan), three left");
        Found end = service.search(query(new Sequence(8), 10, Optional.empty(), Optional.empty(),
                Optional.empty()));
        assertEquals(List.of(), end.events());
        assertEquals(Optional.empty(), end.next(), "nothing after the last event");
    }

    @Test
    void findsWhatContainsAnObjectAndNoLinkWhenTheNameHasNothingMore() {
        placedEveryMinute(3);
        RecordedEvent order42 = Stores.append(events, ORDERS, TestEvents.producer("shop"), PLACED.value(), 1)
                .getFirst();

        Found found = service.search(query(Sequence.ZERO, 10, Optional.empty(), Optional.empty(),
                Optional.of("{\"payload\":{\"n\":1}}")));
        assertEquals(4, found.events().size(), "the default payload is {\"n\":1}");
        assertEquals(Optional.empty(), found.next());
        assertEquals(order42, found.events().getLast());
    }

    @Test
    void refusesWhatIsMalformedAndAnUnknownStream() {
        assertThrows(InvalidValue.class, () -> service.search(query(Sequence.ZERO, 1001, Optional.empty(),
                Optional.empty(), Optional.empty())));
        assertThrows(InvalidValue.class, () -> service.search(query(Sequence.ZERO, 10, Optional.empty(),
                Optional.empty(), Optional.of("[1]"))));
        assertThrows(InvalidValue.class, () -> service.search(query(Sequence.ZERO, 10,
                Optional.of(clock.instant()), Optional.of(clock.instant().minusSeconds(1)), Optional.empty())));
        assertThrows(StreamNotFound.class, () -> service.search(query(Sequence.ZERO, 10, Optional.empty(),
                Optional.empty(), Optional.empty())));
    }

    private List<RecordedEvent> placedEveryMinute(int count) {
        List<RecordedEvent> placed = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            placed.addAll(Stores.append(events, ORDERS, TestEvents.producer("shop"), PLACED.value(), 1));
            clock.advance(Duration.ofMinutes(1));
        }
        return placed;
    }

    private static SearchQuery query(Sequence after, int limit, Optional<Instant> since, Optional<Instant> until,
                                     Optional<String> contains) {
        return new SearchQuery(ORDERS, PLACED, after, limit, since, until, contains);
    }
}

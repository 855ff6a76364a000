package io.eventserver.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * Finding an event (issue 26, ADR 67): the events of one name after a sequence, received in a time range and
 * containing a JSON object, for someone looking at a stream — no consumer, nothing claimed. A search examines at
 * most {@code api.max-scan} events and says where to continue.
 */
public interface SearchEventsUseCase {

    /**
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws InvalidValue when the limit is above the configured maximum, or {@code contains} is no JSON object
     */
    Found search(SearchQuery query);

    /**
     * @param since    events received at or after it
     * @param until    events received before it
     * @param contains a JSON object the events' documents contain (JSON containment)
     */
    record SearchQuery(StreamName stream, EventName eventName, Sequence after, int limit, Optional<Instant> since,
                       Optional<Instant> until, Optional<String> contains) {
        public SearchQuery {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(contains, "contains");
            if (limit < 1) {
                throw new InvalidValue("limit must be an integer >= 1");
            }
        }
    }

    /**
     * @param events the matches, in sequence order
     * @param next   where the same search continues ({@code after}); empty when the name has nothing after what
     *               was examined
     */
    record Found(List<RecordedEvent> events, Optional<Sequence> next) {
        public Found {
            events = List.copyOf(events);
            Objects.requireNonNull(next, "next");
        }
    }
}

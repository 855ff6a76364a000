package io.eventserver.application.port.out;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.RecordedEvent;

/**
 * Which events a search finds (issue 26, ADR 67): received in {@code [since, until)}, and whose document contains a
 * JSON object. Every part is optional; none finds every event.
 *
 * @param contains the JSON object and the test of a document for it (an engine that can ask its database uses the
 *                 text, the others the test)
 */
public record EventFilter(Optional<Instant> since, Optional<Instant> until, Optional<Containment> contains) {

    public static final EventFilter NONE = new EventFilter(Optional.empty(), Optional.empty(), Optional.empty());

    public EventFilter {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(contains, "contains");
        if (since.isPresent() && until.isPresent() && until.get().isBefore(since.get())) {
            throw new InvalidValue("until must not be before since");
        }
    }

    public boolean matches(RecordedEvent event) {
        return since.map(from -> !event.receivedAt().isBefore(from)).orElse(true)
                && until.map(to -> event.receivedAt().isBefore(to)).orElse(true)
                && contains.map(object -> object.test().test(event.document())).orElse(true);
    }

    /** @param json the JSON object, as text */
    public record Containment(String json, Predicate<EventDocument> test) {
        public Containment {
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(test, "test");
        }
    }
}

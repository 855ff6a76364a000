package io.eventserver.application.model;

import java.util.Objects;

import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;

/**
 * One event name of a stream and how many events it has: since sequences have no gaps, that is its last sequence.
 */
public record EventNameSummary(EventName name, Sequence lastSequence) {

    public EventNameSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lastSequence, "lastSequence");
    }

    public long count() {
        return lastSequence.value();
    }
}

package io.eventserver.domain.event;

import java.util.Objects;

/** Where an event stands in its stream: its name and its sequence among the events of that name. */
public record EventPosition(EventName name, Sequence sequence) {

    public EventPosition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sequence, "sequence");
    }
}

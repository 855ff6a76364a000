package io.eventserver.domain.event;

import io.eventserver.domain.common.InvalidValue;

/** The version of an event's schema ({@code event.version}): an integer of at least 1. */
public record EventVersion(long value) implements Comparable<EventVersion> {

    public EventVersion {
        if (value < 1) {
            throw new InvalidValue("event.version must be an integer >= 1");
        }
    }

    @Override
    public int compareTo(EventVersion other) {
        return Long.compare(value, other.value);
    }
}

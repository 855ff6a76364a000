package io.eventserver.domain.event;

import io.eventserver.domain.common.InvalidValue;

/**
 * The server-assigned position of an event among the events of the same name in its stream: 1, 2, 3, … without
 * gaps. {@link #ZERO} is the position before the first event, the offset of a consumer that acknowledged nothing.
 */
public record Sequence(long value) implements Comparable<Sequence> {

    public static final Sequence ZERO = new Sequence(0);

    public Sequence {
        if (value < 0) {
            throw new InvalidValue("sequence must be >= 0");
        }
    }

    public boolean isAfter(Sequence other) {
        return value > other.value;
    }

    @Override
    public int compareTo(Sequence other) {
        return Long.compare(value, other.value);
    }
}

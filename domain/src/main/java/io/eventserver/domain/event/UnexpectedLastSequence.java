package io.eventserver.domain.event;

import java.util.Objects;

import io.eventserver.domain.stream.StreamName;

/**
 * A publish expected the last sequence of its event name to be one value, and it is another (ADR 64). Nothing of
 * the publish was stored, and no idempotency key was recorded for it.
 */
public final class UnexpectedLastSequence extends RuntimeException {

    private final StreamName stream;
    private final EventName eventName;
    private final Sequence expected;
    private final Sequence last;

    public UnexpectedLastSequence(StreamName stream, EventName eventName, Sequence expected, Sequence last) {
        super("expected sequence " + expected.value() + " for " + eventName.value() + " but the last is "
                + last.value(), null, false, false);
        this.stream = Objects.requireNonNull(stream, "stream");
        this.eventName = eventName;
        this.expected = expected;
        this.last = last;
    }

    public StreamName stream() {
        return stream;
    }

    public EventName eventName() {
        return eventName;
    }

    public Sequence expected() {
        return expected;
    }

    /** The last sequence of the event name when the publish was decided. */
    public Sequence last() {
        return last;
    }
}

package io.eventserver.domain.consumer;

import java.util.Objects;

import io.eventserver.domain.event.Sequence;

/**
 * What the lease rules know of one consumer's cursor in one (stream, event name) (ADR 52): its offset (every event at
 * or below it is done), the highest sequence ever leased to it, and the newest event's sequence. Every sequence in
 * (offset, leasedThrough] has a lease entry; none above leasedThrough has one. So the events above the offset that
 * were never leased are (max(offset, leasedThrough), lastSequence] — sequences have no gaps on every engine.
 */
public record LeaseCursor(Sequence offset, Sequence leasedThrough, Sequence lastSequence) {

    public LeaseCursor {
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(leasedThrough, "leasedThrough");
        Objects.requireNonNull(lastSequence, "lastSequence");
    }

    /** The last sequence at or below which every event was leased or is done. */
    public Sequence neverLeasedAfter() {
        return offset.isAfter(leasedThrough) ? offset : leasedThrough;
    }

    /** How many events above the offset were never leased. */
    public long neverLeased() {
        return Math.max(0, lastSequence.value() - neverLeasedAfter().value());
    }

    public LeaseCursor withOffset(Sequence newOffset) {
        return new LeaseCursor(newOffset, leasedThrough, lastSequence);
    }

    public LeaseCursor withLeasedThrough(Sequence newLeasedThrough) {
        return new LeaseCursor(offset, newLeasedThrough, lastSequence);
    }
}

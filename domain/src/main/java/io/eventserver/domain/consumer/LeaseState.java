package io.eventserver.domain.consumer;

/**
 * Where an event leased to one consumer stands (ADR 52). An acknowledged event keeps no entry: an event in (offset,
 * leasedThrough] without one is done. {@link #DEAD_LETTERED} is finished too, and listed; the other two are not
 * finished.
 */
public enum LeaseState {

    /** Leased to a reader until the entry's {@code until}; leasable again once that has passed. */
    LEASED,
    /** Given back (NACK, or a dead letter sent back by RETRY): leasable again from the entry's {@code until}. */
    RELEASED,
    /** Done, but failed: leased the most times allowed and given up on; listed until retried or deleted. */
    DEAD_LETTERED;

    /** Not done yet: the offset cannot pass it. */
    public boolean unfinished() {
        return this == LEASED || this == RELEASED;
    }
}

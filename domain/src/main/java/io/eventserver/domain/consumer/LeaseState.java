package io.eventserver.domain.consumer;

/**
 * Where an event stands for one consumer that leased it (ADR 52). A row of lease state exists for every event leased
 * to the consumer above its offset; {@link #ACKNOWLEDGED} and {@link #DEAD_LETTERED} are finished, the other two are
 * not.
 */
public enum LeaseState {

    /** Leased to a reader until the entry's {@code until}; leasable again once that has passed. */
    LEASED,
    /** Given back (NACK, or a dead letter sent back by RETRY): leasable again from the entry's {@code until}. */
    RELEASED,
    /** Done: acknowledged by the consumer. */
    ACKNOWLEDGED,
    /** Done, but failed: leased the most times allowed and given up on; listed until retried or deleted. */
    DEAD_LETTERED;

    /** Not done yet: the offset cannot pass it. */
    public boolean unfinished() {
        return this == LEASED || this == RELEASED;
    }
}

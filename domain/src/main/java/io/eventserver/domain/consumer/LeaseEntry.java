package io.eventserver.domain.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.Sequence;

/**
 * The lease state of one event for one consumer (ADR 52).
 *
 * @param deliveries     how many times the event has been leased to the consumer (counted from 0 again after RETRY)
 * @param until          {@link LeaseState#LEASED}: when the lease expires; {@link LeaseState#RELEASED}: when the event
 *                       is leasable again; otherwise when the entry last changed
 * @param deadLetteredAt when it was dead-lettered; present exactly when the state is {@link LeaseState#DEAD_LETTERED}
 * @param retried        a dead letter sent back by RETRY and not finished since: it counts although it may lie at or
 *                       below the offset
 */
public record LeaseEntry(Sequence sequence, EventId eventId, LeaseState state, int deliveries, Instant until,
                         Optional<Instant> deadLetteredAt, boolean retried) {

    public LeaseEntry {
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(deadLetteredAt, "deadLetteredAt");
        if (deliveries < 0) {
            throw new IllegalArgumentException("deliveries must not be negative");
        }
        if (deadLetteredAt.isPresent() != (state == LeaseState.DEAD_LETTERED)) {
            throw new IllegalArgumentException("a dead-lettering time belongs to dead letters, and only to them");
        }
    }

    /**
     * An entry as a store holds it: the dead-lettering time counts only for a dead letter (a store may keep the time
     * of an entry that was retried since).
     */
    public static LeaseEntry stored(Sequence sequence, EventId eventId, LeaseState state, int deliveries,
                                    Instant until, Optional<Instant> deadLetteredAt, boolean retried) {
        return new LeaseEntry(sequence, eventId, state, deliveries, until,
                state == LeaseState.DEAD_LETTERED ? deadLetteredAt : Optional.empty(), retried);
    }

    /** An entry as loaded from storage that is not a dead letter. */
    public static LeaseEntry of(Sequence sequence, EventId eventId, LeaseState state, int deliveries, Instant until,
                                boolean retried) {
        return new LeaseEntry(sequence, eventId, state, deliveries, until, Optional.empty(), retried);
    }

    /** Leased (again) to a reader for {@code lease} from {@code now}: one more delivery. */
    public LeaseEntry leasedAgain(Instant now, Duration lease) {
        return new LeaseEntry(sequence, eventId, LeaseState.LEASED, deliveries + 1, now.plus(lease), Optional.empty(),
                retried);
    }

    /** Given back: leasable again from {@code at}. */
    public LeaseEntry released(Instant at) {
        return new LeaseEntry(sequence, eventId, LeaseState.RELEASED, deliveries, at, Optional.empty(), retried);
    }

    /** Its lease now ends at {@code until}. */
    public LeaseEntry extended(Instant until) {
        return new LeaseEntry(sequence, eventId, LeaseState.LEASED, deliveries, until, Optional.empty(), retried);
    }

    public LeaseEntry deadLettered(Instant now) {
        return new LeaseEntry(sequence, eventId, LeaseState.DEAD_LETTERED, deliveries, now, Optional.of(now), false);
    }

    /** A dead letter sent back: leasable at once, its deliveries counted from 0. */
    public LeaseEntry retried(Instant now) {
        return new LeaseEntry(sequence, eventId, LeaseState.RELEASED, 0, now, Optional.empty(), true);
    }

    /** Under an unexpired lease at {@code now}. */
    public boolean isLeasedAt(Instant now) {
        return state == LeaseState.LEASED && until.isAfter(now);
    }

    /** Unfinished and free at {@code now}: its lease has expired, or its NACK delay has passed. */
    public boolean isLeasableAt(Instant now) {
        return state.unfinished() && !until.isAfter(now);
    }

    /**
     * Whether the entry is live for a consumer whose offset is {@code offset}: above it, or a retried dead letter. An
     * unfinished entry at or below the offset that is not retried is inert (a cumulative acknowledgement passed it).
     */
    public boolean isLiveAbove(Sequence offset) {
        return sequence.isAfter(offset) || retried;
    }
}

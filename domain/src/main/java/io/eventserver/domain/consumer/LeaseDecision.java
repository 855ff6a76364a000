package io.eventserver.domain.consumer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.event.Sequence;

/**
 * What a leased read does (ADR 52): the entries it leases again (an expired lease, a passed NACK delay, a retried
 * dead letter), the ones it dead-letters instead, and the events it leases for the first time.
 *
 * @param leasedAgain   the entries leased again, as they are now
 * @param deadLettered  the entries dead-lettered, as they are now
 * @param fresh         the events never leased before that are leased now, if any
 * @param leasedThrough the consumer's highest sequence ever leased after this read
 * @param incomplete    more leasable entries may exist than were looked at, and room is left: decide again
 */
public record LeaseDecision(List<LeaseEntry> leasedAgain, List<LeaseEntry> deadLettered, Optional<FreshLeases> fresh,
                            Sequence leasedThrough, boolean incomplete) {

    public LeaseDecision {
        leasedAgain = List.copyOf(leasedAgain);
        deadLettered = List.copyOf(deadLettered);
        Objects.requireNonNull(fresh, "fresh");
        Objects.requireNonNull(leasedThrough, "leasedThrough");
    }

    /** The events from {@code from} through {@code through}, leased for the first time (1 delivery) until {@code until}. */
    public record FreshLeases(Sequence from, Sequence through, Instant until) {
        public FreshLeases {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(through, "through");
            Objects.requireNonNull(until, "until");
            if (from.value() < 1 || through.compareTo(from) < 0) {
                throw new IllegalArgumentException("an empty or invalid range of fresh leases");
            }
        }

        public int count() {
            return (int) (through.value() - from.value() + 1);
        }
    }

    /** One event leased by the read: its sequence, its deliveries now, and when its lease expires. */
    public record Grant(Sequence sequence, int deliveries, Instant expiresAt) {
    }

    /** Every event leased by the read, in sequence order. */
    public List<Grant> grants() {
        List<Grant> grants = new ArrayList<>(leasedAgain.size() + fresh.map(FreshLeases::count).orElse(0));
        for (LeaseEntry entry : leasedAgain) {
            grants.add(new Grant(entry.sequence(), entry.deliveries(), entry.until()));
        }
        fresh.ifPresent(range -> {
            for (long s = range.from().value(); s <= range.through().value(); s++) {
                grants.add(new Grant(new Sequence(s), 1, range.until()));
            }
        });
        grants.sort(Comparator.comparing(Grant::sequence));
        return grants;
    }

    /** How many events the read leases. */
    public int leased() {
        return leasedAgain.size() + fresh.map(FreshLeases::count).orElse(0);
    }
}

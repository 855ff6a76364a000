package io.eventserver.domain.consumer;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a leased read asks for (ADR 52): at most {@code limit} events, each leased for {@code lease}; at most
 * {@code maxInFlight} events of the consumer leased and unfinished at once, across all its readers; an event already
 * leased {@code maxDeliveries} times is dead-lettered instead of leased again.
 */
public record LeaseRequest(int limit, Duration lease, OptionalInt maxInFlight, int maxDeliveries) {

    public LeaseRequest {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(maxInFlight, "maxInFlight");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("a lease must last");
        }
        if (maxInFlight.isPresent() && maxInFlight.getAsInt() < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1");
        }
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("maxDeliveries must be >= 1");
        }
    }

    /** How many events a read may lease when {@code inFlight} are leased and unfinished already. */
    public int room(int inFlight) {
        return maxInFlight.isPresent() ? Math.max(0, Math.min(limit, maxInFlight.getAsInt() - inFlight)) : limit;
    }
}

package io.eventserver.application.port.in;

import java.time.Duration;
import java.util.OptionalInt;

import io.eventserver.domain.common.InvalidValue;

/**
 * The bounds of leased reads (ADR 52): the longest lease and NACK delay ({@code api.max-lease}, seconds) and the
 * most deliveries of an event when a read names none ({@code api.max-deliveries}). Each check is made here, once,
 * and says the same thing wherever it is broken.
 */
public record LeaseLimits(int maxLeaseSeconds, int defaultMaxDeliveries) {

    public static final int DEFAULT_MAX_LEASE_SECONDS = 600;
    public static final int DEFAULT_MAX_DELIVERIES = 5;
    /** The most deliveries a read may ask for. */
    public static final int MOST_DELIVERIES = 100;
    /** The longest {@code api.max-lease} there may be: a day. */
    public static final int LONGEST_LEASE_SECONDS = 86_400;

    public LeaseLimits {
        if (maxLeaseSeconds < 1 || maxLeaseSeconds > LONGEST_LEASE_SECONDS) {
            throw new IllegalArgumentException("api.max-lease must be between 1 and " + LONGEST_LEASE_SECONDS
                    + " (seconds)");
        }
        if (defaultMaxDeliveries < 1 || defaultMaxDeliveries > MOST_DELIVERIES) {
            throw new IllegalArgumentException("api.max-deliveries must be between 1 and " + MOST_DELIVERIES);
        }
    }

    public static LeaseLimits defaults() {
        return new LeaseLimits(DEFAULT_MAX_LEASE_SECONDS, DEFAULT_MAX_DELIVERIES);
    }

    /** {@code lease=S}: 1..{@code api.max-lease} seconds. */
    public Duration lease(int seconds) {
        if (seconds < 1 || seconds > maxLeaseSeconds) {
            throw new InvalidValue("lease must be an integer between 1 and " + maxLeaseSeconds + " (seconds)");
        }
        return Duration.ofSeconds(seconds);
    }

    /** {@code delay=S} of a NACK: 0..{@code api.max-lease} seconds, 0 when not given. */
    public Duration delay(OptionalInt seconds) {
        int delay = seconds.orElse(0);
        if (delay < 0 || delay > maxLeaseSeconds) {
            throw new InvalidValue("delay must be an integer between 0 and " + maxLeaseSeconds + " (seconds)");
        }
        return Duration.ofSeconds(delay);
    }

    /** {@code maxDeliveries=K}: 1..100, {@code api.max-deliveries} when not given. */
    public int maxDeliveries(OptionalInt asked) {
        int most = asked.orElse(defaultMaxDeliveries);
        if (most < 1 || most > MOST_DELIVERIES) {
            throw new InvalidValue("maxDeliveries must be an integer between 1 and " + MOST_DELIVERIES);
        }
        return most;
    }

    /** {@code maxInFlight=M}: 1..{@code api.max-limit}. */
    public static OptionalInt maxInFlight(OptionalInt asked, int maxLimit) {
        if (asked.isPresent() && (asked.getAsInt() < 1 || asked.getAsInt() > maxLimit)) {
            throw new InvalidValue("maxInFlight must be an integer between 1 and " + maxLimit);
        }
        return asked;
    }
}

package io.eventserver.client;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a leased read leases (issue 24, ADR 68): each event is leased to one reader of the consumer id for
 * {@code duration}; at most {@code maxInFlight} events of the consumer and event name are leased and unfinished at
 * once, across all readers (empty: no bound); an event leased {@code maxDeliveries} times that would be leased again
 * is dead-lettered instead (empty: the server's {@code api.max-deliveries}). A leased {@link Subscription} gives an
 * event its handler threw on back with {@code nackDelay} (it is leasable again after that).
 * <pre>{@code
 * Leases.of(Duration.ofSeconds(60)).maxInFlight(200).maxDeliveries(5).nackDelay(Duration.ofSeconds(10))
 * }</pre>
 * Durations go to the server in whole seconds.
 */
public record Leases(Duration duration, OptionalInt maxInFlight, OptionalInt maxDeliveries, Duration nackDelay) {

    public Leases {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(maxInFlight, "maxInFlight");
        Objects.requireNonNull(maxDeliveries, "maxDeliveries");
        Objects.requireNonNull(nackDelay, "nackDelay");
        if (duration.toSeconds() < 1) {
            throw new IllegalArgumentException("a lease lasts at least one second: " + duration);
        }
        if (nackDelay.isNegative()) {
            throw new IllegalArgumentException("nackDelay must not be negative: " + nackDelay);
        }
        if (maxInFlight.isPresent() && maxInFlight.getAsInt() < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        if (maxDeliveries.isPresent() && maxDeliveries.getAsInt() < 1) {
            throw new IllegalArgumentException("maxDeliveries must be at least 1");
        }
    }

    /** Leases of this duration, with the server's defaults otherwise, and failed events leasable again at once. */
    public static Leases of(Duration duration) {
        return new Leases(duration, OptionalInt.empty(), OptionalInt.empty(), Duration.ZERO);
    }

    public Leases maxInFlight(int events) {
        return new Leases(duration, OptionalInt.of(events), maxDeliveries, nackDelay);
    }

    public Leases maxDeliveries(int deliveries) {
        return new Leases(duration, maxInFlight, OptionalInt.of(deliveries), nackDelay);
    }

    public Leases nackDelay(Duration delay) {
        return new Leases(duration, maxInFlight, maxDeliveries, delay);
    }

    /** The query parameters of a leased read: {@code &lease=S}, and the bounds that are set. */
    String query() {
        StringBuilder query = new StringBuilder("&lease=").append(duration.toSeconds());
        maxInFlight.ifPresent(events -> query.append("&maxInFlight=").append(events));
        maxDeliveries.ifPresent(deliveries -> query.append("&maxDeliveries=").append(deliveries));
        return query.toString();
    }
}

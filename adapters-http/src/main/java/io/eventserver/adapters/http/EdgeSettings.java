package io.eventserver.adapters.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits at the edge of the web server (ADR 18).
 *
 * @param headerTimeout      how long a request head may take from its first byte to its empty line
 * @param bodyTimeout        how long a request body may take from the end of its head to its last byte
 * @param maxConnections     open connections beyond which requests are answered 503 and their connections closed
 * @param connectionHeadroom connections accepted beyond {@code maxConnections} only to be answered 503; past
 *                           both, new connections wait in the listen backlog until one closes
 */
public record EdgeSettings(Duration headerTimeout, Duration bodyTimeout, int maxConnections, int connectionHeadroom) {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

    /** The default time-outs, with room for {@code maxConnections}. */
    public static EdgeSettings defaults(int maxConnections) {
        return new EdgeSettings(DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, maxConnections, 16);
    }

    public EdgeSettings {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        if (headerTimeout.toMillis() < 1 || bodyTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the time-outs must be at least a millisecond");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("at least one connection must be allowed");
        }
        if (connectionHeadroom < 0) {
            throw new IllegalArgumentException("the connection headroom must not be negative");
        }
    }
}

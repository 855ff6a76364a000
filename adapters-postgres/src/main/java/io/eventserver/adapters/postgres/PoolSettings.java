package io.eventserver.adapters.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server uses its database connections. Both time-outs bound how long a request can wait on the database:
 * past them it fails as unavailable (503) instead of queueing for ever.
 *
 * @param size              the most connections the server opens
 * @param connectionTimeout how long a request waits for a free connection; also the connect time-out at start-up
 * @param statementTimeout  how long one SQL statement may run before PostgreSQL cancels it
 */
public record PoolSettings(int size, Duration connectionTimeout, Duration statementTimeout) {

    public PoolSettings {
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least one connection");
        }
        if (connectionTimeout.toMillis() < 1 || statementTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the time-outs must be at least a millisecond");
        }
    }
}

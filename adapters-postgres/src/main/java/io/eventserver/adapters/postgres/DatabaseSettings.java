package io.eventserver.adapters.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach PostgreSQL.
 *
 * @param url               JDBC URL, e.g. {@code jdbc:postgresql://localhost:5432/eventserver}
 * @param poolSize          the most connections the server opens
 * @param connectionTimeout how long a request waits for a free connection before it fails as unavailable
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, Duration connectionTimeout) {

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("db.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("db.pool-size must be >= 1");
        }
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("db.connection-timeout must be at least 250 ms");
        }
    }

    /** The URL without user information or parameters, fit for a log line. */
    public String describe() {
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + describe() + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}

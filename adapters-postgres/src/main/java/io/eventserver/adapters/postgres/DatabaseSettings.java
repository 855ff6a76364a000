package io.eventserver.adapters.postgres;

import java.util.Objects;

/**
 * How to reach PostgreSQL.
 *
 * @param url  JDBC URL, e.g. {@code jdbc:postgresql://localhost:5432/eventserver}
 * @param pool how connections are used
 */
public record DatabaseSettings(String url, String user, String password, PoolSettings pool) {

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(pool, "pool");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("db.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        }
    }

    /** The URL without user information or parameters, fit for a log line. */
    public String describe() {
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + describe() + ", user=" + user + ", " + pool + "]";
    }
}

package io.eventserver.adapters.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

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

    /**
     * A connection of its own, outside the pool, for background work (readiness probes, notifications).
     *
     * @param timeoutSeconds how long connecting and each network read may take
     */
    public Connection connectDirectly(String applicationName, int timeoutSeconds) throws SQLException {
        Properties properties = new Properties();
        // absent when the URL carries them
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        properties.setProperty("socketTimeout", Integer.toString(timeoutSeconds + 1));
        properties.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        return DriverManager.getConnection(url, properties);
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

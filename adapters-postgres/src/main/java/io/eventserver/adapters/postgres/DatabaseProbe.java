package io.eventserver.adapters.postgres;

import java.sql.Connection;
import java.sql.SQLException;

import org.flywaydb.core.Flyway;

/**
 * Readiness checks of the database on a connection of their own, outside the request pool (ADR 18): a flood of
 * health requests, or a pool exhausted by requests, must not make the other wait. Meant to be called from one
 * background thread at a fixed rate; health requests read the last result.
 */
final class DatabaseProbe implements AutoCloseable {

    private static final int TIMEOUT_SECONDS = 2;

    private static final long MIGRATIONS_PERIOD_NANOS = 30_000_000_000L;

    private final DatabaseSettings settings;
    private final Flyway flyway;
    private Connection connection;
    private boolean reachable;
    private boolean migrated;
    private long migrationsCheckedNanos;

    DatabaseProbe(DatabaseSettings settings) {
        this.settings = settings;
        // its own data source: Flyway opens a connection per call, which at the probe's slow rate is cheap
        this.flyway = Flyway.configure()
                .dataSource(settings.url(), settings.user(), settings.password())
                .connectRetries(0)
                .locations("classpath:db/migration")
                .load();
    }

    /** True when the database answers on the probe's connection within two seconds (reconnecting if needed). */
    public synchronized boolean reachable() {
        reachable = check();
        return reachable;
    }

    private boolean check() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = connect();
            }
            if (connection.isValid(TIMEOUT_SECONDS)) {
                return true;
            }
        } catch (SQLException | RuntimeException e) {
            // down; the next probe reconnects
        }
        closeConnection();
        return false;
    }

    /**
     * True when every migration in the class path is applied; false also when the history cannot be read. Asks
     * Flyway at most every 30 s — the schema only changes when someone migrates under a running server — and at
     * once while the answer was false and the database is reachable again — as the last {@link #reachable} call
     * found, so call that first ({@link PostgresStorage} lists the probes in that order).
     */
    public synchronized boolean migrated() {
        long now = System.nanoTime();
        if (reachable && (!migrated || now - migrationsCheckedNanos > MIGRATIONS_PERIOD_NANOS)) {
            try {
                migrated = flyway.info().pending().length == 0;
            } catch (RuntimeException e) {
                migrated = false;
            }
            migrationsCheckedNanos = now;
        }
        return migrated;
    }

    private Connection connect() throws SQLException {
        return settings.connectDirectly("eventserver-health", TIMEOUT_SECONDS);
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // it is going away either way
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }
}

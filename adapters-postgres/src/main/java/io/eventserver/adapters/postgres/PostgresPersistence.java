package io.eventserver.adapters.postgres;

import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.eventserver.adapters.postgres.consumers.PostgresCursorStore;
import io.eventserver.adapters.postgres.consumers.PostgresLeaseStore;
import io.eventserver.adapters.postgres.events.PostgresEventStore;
import io.eventserver.adapters.postgres.notifications.Notifications;
import io.eventserver.adapters.postgres.notifications.PostgresAppendSignals;
import io.eventserver.adapters.postgres.retention.PostgresRetentionStore;
import io.eventserver.adapters.postgres.schemas.PostgresSchemaStore;
import io.eventserver.adapters.postgres.sql.HotStatements;
import io.eventserver.adapters.postgres.streams.PostgresStreamCatalog;
import io.eventserver.adapters.postgres.streams.StreamDirectory;
import io.eventserver.adapters.postgres.users.PostgresIdOwnership;
import io.eventserver.adapters.postgres.users.PostgresUserStore;
import io.eventserver.application.port.out.AppendSignals;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.application.port.out.RetentionStore;
import io.eventserver.application.port.out.SchemaStore;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.application.port.out.UserStore;
import io.eventserver.application.port.out.VitalThread;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The PostgreSQL adapter as the rest of the system sees it: opens the pool, applies the Flyway migrations, and
 * hands out the out-port implementations. {@link PostgresStorage} is the public entry (ADR 58).
 */
final class PostgresPersistence implements AutoCloseable {

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private final Flyway flyway;
    private final int migrationsApplied;
    private final PostgresEventStore eventStore;
    private final CursorStore cursorStore;
    private final StreamCatalog streamCatalog;
    private final Notifications notifications;
    private final PostgresAppendSignals appendSignals;
    private final IdOwnership idOwnership;
    private final UserStore userStore;
    private final LeaseStore leaseStore;
    private final RetentionStore retentionStore;
    private final SchemaStore schemaStore;

    private PostgresPersistence(DatabaseSettings settings, HikariDataSource dataSource, Flyway flyway,
                                int migrationsApplied, int maxEventNames) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.migrationsApplied = migrationsApplied;
        DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES, new Settings()
                .withExecuteLogging(false)
                .withRenderSchema(false));
        HotStatements sql = new HotStatements(dataSource);
        StreamDirectory streams = new StreamDirectory(sql);
        sql.onStreamsDeleted(streams::forgetAll);
        this.notifications = new Notifications(settings);
        this.appendSignals = new PostgresAppendSignals(notifications);
        this.eventStore = new PostgresEventStore(dsl, sql, streams, appendSignals, maxEventNames);
        this.cursorStore = new PostgresCursorStore(sql, streams, dsl);
        this.leaseStore = new PostgresLeaseStore(sql, streams);
        this.streamCatalog = new PostgresStreamCatalog(dsl);
        this.idOwnership = new PostgresIdOwnership(dsl, notifications);
        this.userStore = new PostgresUserStore(dsl, notifications);
        this.retentionStore = new PostgresRetentionStore(dsl);
        this.schemaStore = new PostgresSchemaStore(dsl);
        notifications.start();
    }

    /**
     * {@link #open(DatabaseSettings, int)} with the default most event names of a stream
     * ({@value EventStore#DEFAULT_MAX_EVENT_NAMES}).
     */
    public static PostgresPersistence open(DatabaseSettings settings) {
        return open(settings, EventStore.DEFAULT_MAX_EVENT_NAMES);
    }

    /**
     * Connects, migrates the schema to the newest version and returns the adapter.
     *
     * @param maxEventNames the most event names a stream may have ({@code api.max-event-names})
     * @throws IllegalStateException when the database cannot be reached or a migration fails
     */
    public static PostgresPersistence open(DatabaseSettings settings, int maxEventNames) {
        HikariDataSource dataSource = pool(settings);
        try {
            // built once: it scans the class path for migrations, which readiness probes must not repeat
            Flyway flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load();
            return new PostgresPersistence(settings, dataSource, flyway, migrate(flyway), maxEventNames);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static HikariDataSource pool(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("eventserver");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        PoolSettings pool = settings.pool();
        config.setMaximumPoolSize(pool.size());
        config.setConnectionTimeout(pool.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(pool.connectionTimeout().toMillis(), 5_000));
        // Fail at start-up, with a clear message, when the database cannot be reached.
        config.setInitializationFailTimeout(pool.connectionTimeout().toMillis());
        config.addDataSourceProperty("ApplicationName", "eventserver");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // a connect attempt to a host that does not answer must not outlast the connection time-out
        config.addDataSourceProperty("connectTimeout", Long.toString(
                Math.max(1, pool.connectionTimeout().toSeconds())));
        config.addDataSourceProperty("options", "-c statement_timeout=" + pool.statementTimeout().toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the database at " + settings.describe() + ": "
                    + rootMessage(e), e);
        }
    }

    private static int migrate(Flyway flyway) {
        try {
            return flyway.migrate().migrationsExecuted;
        } catch (RuntimeException e) {
            throw new IllegalStateException("database migration failed: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    javax.sql.DataSource dataSource() {
        return dataSource;
    }

    public EventStore eventStore() {
        return eventStore;
    }

    public CursorStore cursorStore() {
        return cursorStore;
    }

    public StreamCatalog streamCatalog() {
        return streamCatalog;
    }

    public LeaseStore leaseStore() {
        return leaseStore;
    }

    public RetentionStore retentionStore() {
        return retentionStore;
    }

    public SchemaStore schemaStore() {
        return schemaStore;
    }

    public IdOwnership idOwnership() {
        return idOwnership;
    }

    public UserStore userStore() {
        return userStore;
    }

    public AppendSignals appendSignals() {
        return appendSignals;
    }

    /** Migrations in the class path that the database has not applied (0 after a successful {@link #open}). */
    public int pendingMigrations() {
        try {
            return flyway.info().pending().length;
        } catch (RuntimeException e) {
            throw new StoreUnavailable("cannot read the schema history", e);
        }
    }

    /** The group-commit writer and the notifications listener (issue 29: readiness watches them). */
    public List<VitalThread> vitalThreads() {
        return List.of(VitalThread.of(eventStore.writer()), VitalThread.of(notifications.thread()));
    }

    /** The connection pool right now, for metrics. */
    public PoolUsage poolUsage() {
        HikariPoolMXBean pool = dataSource.isClosed() ? null : dataSource.getHikariPoolMXBean();
        return pool == null
                ? new PoolUsage(0, 0, 0, dataSource.getMaximumPoolSize())
                : new PoolUsage(pool.getActiveConnections(), pool.getIdleConnections(),
                        pool.getThreadsAwaitingConnection(), dataSource.getMaximumPoolSize());
    }

    /** Connections in use, idle, requests waiting for one, and the maximum. */
    public record PoolUsage(int active, int idle, int waiting, int max) {
    }

    /** How many migrations {@link #open} applied (0 when the schema was already current). */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /** Readiness checks on a connection of their own; the caller closes it. */
    public DatabaseProbe probe() {
        return new DatabaseProbe(settings);
    }

    /** Finishes queued appends, then closes the pool. */
    @Override
    public void close() {
        eventStore.close();
        notifications.close();
        dataSource.close();
    }
}

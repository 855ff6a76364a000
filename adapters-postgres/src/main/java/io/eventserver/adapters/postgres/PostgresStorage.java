package io.eventserver.adapters.postgres;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import javax.sql.DataSource;

import io.eventserver.adapters.postgres.embedded.EmbeddedDatabase;
import io.eventserver.application.port.out.AppendSignals;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.application.port.out.RetentionStore;
import io.eventserver.application.port.out.SchemaStore;
import io.eventserver.application.port.out.StorageEngine;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.application.port.out.UserStore;
import io.eventserver.application.port.out.VitalThread;

/**
 * PostgreSQL as the storage engine ({@code storage.kind: postgres}): the database at {@code db.url}, or an embedded
 * PostgreSQL in a data directory when none is configured; the pool, the migrations, the stores, the readiness
 * probes on their own connection and the pool gauges.
 */
public final class PostgresStorage implements StorageEngine {

    private final Optional<EmbeddedDatabase> embedded;
    private final DatabaseSettings database;
    private final PostgresPersistence persistence;
    private final DatabaseProbe probe;

    private PostgresStorage(Optional<EmbeddedDatabase> embedded, DatabaseSettings database,
                            PostgresPersistence persistence) {
        this.embedded = embedded;
        this.database = database;
        this.persistence = persistence;
        this.probe = persistence.probe();
    }

    /**
     * Starts the embedded database when needed, connects, migrates.
     *
     * @throws IllegalStateException when the database cannot be reached or a migration fails
     */
    public static PostgresStorage open(PostgresSettings settings) {
        Optional<EmbeddedDatabase> embedded = settings.url().isPresent()
                ? Optional.empty()
                : Optional.of(EmbeddedDatabase.start(settings.embeddedDataDirectory()));
        try {
            DatabaseSettings database = embedded
                    .map(db -> db.settings(settings.pool()))
                    .orElseGet(() -> new DatabaseSettings(settings.url().orElseThrow(), settings.user(),
                            settings.password(), settings.pool()));
            return new PostgresStorage(embedded, database, PostgresPersistence.open(database,
                    settings.maxEventNames()));
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedDatabase::close);
            throw e;
        }
    }

    /** The pool, for another engine that keeps its metadata in this database (the Kafka engine, ADR 38). */
    public DataSource dataSource() {
        return persistence.dataSource();
    }

    @Override
    public EventStore eventStore() {
        return persistence.eventStore();
    }

    @Override
    public CursorStore cursorStore() {
        return persistence.cursorStore();
    }

    @Override
    public SchemaStore schemaStore() {
        return persistence.schemaStore();
    }

    @Override
    public StreamCatalog streamCatalog() {
        return persistence.streamCatalog();
    }

    @Override
    public LeaseStore leaseStore() {
        return persistence.leaseStore();
    }

    @Override
    public RetentionStore retentionStore() {
        return persistence.retentionStore();
    }

    @Override
    public IdOwnership idOwnership() {
        return persistence.idOwnership();
    }

    @Override
    public UserStore userStore() {
        return persistence.userStore();
    }

    @Override
    public AppendSignals appendSignals() {
        return persistence.appendSignals();
    }

    @Override
    public List<Probe> readinessProbes() {
        return List.of(new Probe("database", probe::reachable), new Probe("migrations", probe::migrated));
    }

    @Override
    public List<VitalThread> vitalThreads() {
        return persistence.vitalThreads();
    }

    @Override
    public List<GaugeReading> gauges() {
        return List.of(
                connections("active", PostgresPersistence.PoolUsage::active),
                connections("idle", PostgresPersistence.PoolUsage::idle),
                connections("max", PostgresPersistence.PoolUsage::max),
                new GaugeReading("eventserver.db.pool.waiting.requests", "Requests waiting for a database connection",
                        Map.of(), () -> persistence.poolUsage().waiting()));
    }

    private GaugeReading connections(String state, ToIntFunction<PostgresPersistence.PoolUsage> value) {
        return new GaugeReading("eventserver.db.pool.connections", "Database connections by state",
                Map.of("state", state), () -> value.applyAsInt(persistence.poolUsage()));
    }

    @Override
    public String describe() {
        return embedded.map(db -> "embedded PostgreSQL (data in " + db.dataDirectory() + ")")
                .orElse("PostgreSQL at " + database.describe())
                + ", " + persistence.migrationsApplied() + " migration(s) applied";
    }

    /** Finishes queued appends, closes the probe and the pool, then stops the embedded database. */
    @Override
    public void close() {
        probe.close();
        persistence.close();
        embedded.ifPresent(EmbeddedDatabase::close);
    }
}

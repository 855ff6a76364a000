package io.eventserver.application.port.out;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * A storage engine as the composition root sees it: the out-ports, what readiness should check, what to
 * export as gauges, one line for the start log, and {@code close}. A storage adapter implements it once; bootstrap
 * chooses one by {@code storage.kind} and needs nothing else of it (README, "Extending").
 */
public interface StorageEngine extends AutoCloseable {

    EventStore eventStore();

    CursorStore cursorStore();

    StreamCatalog streamCatalog();

    IdOwnership idOwnership();

    UserStore userStore();

    /**
     * Lease state of consumers that lease events (ADR 52); {@link LeaseStore#unsupported} for an engine that cannot
     * lease yet.
     */
    LeaseStore leaseStore();

    /**
     * Retention of streams and the removal of events beyond it (issue 25, ADR 60); {@link RetentionStore#unsupported}
     * for an engine without it.
     */
    RetentionStore retentionStore();

    /** The JSON Schemas of event payloads (issue 26, ADR 66). */
    SchemaStore schemaStore();

    /** Signals of committed events, from every process on this storage. */
    AppendSignals appendSignals();

    /**
     * Checks behind readiness. They are called from one background thread at a fixed rate (never per health
     * request), must return within a few seconds, and must not use the connections that requests use.
     */
    List<Probe> readinessProbes();

    /**
     * The engine's own threads that requests depend on (a group-commit writer, a notifications listener, a watcher
     * of other processes' appends): readiness answers 503 as soon as one has died. Started ones only.
     */
    default List<VitalThread> vitalThreads() {
        return List.of();
    }

    /** Gauges to export; their values are read when metrics are scraped, so they must be cheap. */
    List<GaugeReading> gauges();

    /** What the start log says about the storage, e.g. {@code PostgreSQL at jdbc:…, 1 migration(s) applied}. */
    String describe();

    /** Finishes what was accepted (a 200 already promised), then releases everything. */
    @Override
    void close();

    /** One named readiness check: true when the engine can serve. */
    record Probe(String name, BooleanSupplier check) {
        public Probe {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(check, "check");
        }
    }

    /**
     * One gauge: a metric name in dotted form ({@code eventserver.db.pool.connections}), its description and
     * labels, and where its value comes from.
     */
    record GaugeReading(String name, String description, Map<String, String> labels, DoubleSupplier value) {
        public GaugeReading {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            labels = Map.copyOf(labels);
            Objects.requireNonNull(value, "value");
        }
    }
}

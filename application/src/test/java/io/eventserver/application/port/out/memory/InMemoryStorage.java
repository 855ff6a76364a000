package io.eventserver.application.port.out.memory;

import java.time.Clock;
import java.util.List;

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

/**
 * A storage engine held in memory, for tests only (ADR 55): its {@link EventStore}, {@link CursorStore},
 * {@link StreamCatalog}, {@link IdOwnership} and {@link LeaseStore} pass the same contract tests as the PostgreSQL
 * engine ({@code InMemoryStoresTest}), so a service test can run on it and assert what it holds instead of which
 * calls it got. Users are not kept here. It lives in this module's test sources and never in a server.
 */
public final class InMemoryStorage implements StorageEngine {

    private final Memory memory;
    private final EventStore eventStore;
    private final CursorStore cursorStore;
    private final StreamCatalog streamCatalog;
    private final IdOwnership idOwnership;
    private final LeaseStore leaseStore;
    private final RetentionStore retentionStore;
    private final SchemaStore schemaStore;

    /** With the default most event names per stream and the system's clock. */
    public InMemoryStorage() {
        this(EventStore.DEFAULT_MAX_EVENT_NAMES, Clock.systemUTC());
    }

    /**
     * @param maxEventNames the most event names a stream may have ({@code api.max-event-names})
     * @param clock         when events are received, streams created and cursors moved
     */
    public InMemoryStorage(int maxEventNames, Clock clock) {
        this(memory(maxEventNames, clock));
    }

    private static Memory memory(int maxEventNames, Clock clock) {
        if (maxEventNames < 1) {
            throw new IllegalArgumentException("maxEventNames must be >= 1");
        }
        return new Memory(clock, maxEventNames);
    }

    private InMemoryStorage(Memory memory) {
        this.memory = memory;
        this.eventStore = new InMemoryEventStore(memory);
        this.cursorStore = new InMemoryCursorStore(memory);
        this.streamCatalog = new InMemoryStreamCatalog(memory);
        this.idOwnership = new InMemoryIdOwnership(memory);
        this.leaseStore = new InMemoryLeaseStore(memory);
        this.retentionStore = new InMemoryRetentionStore(memory);
        this.schemaStore = new InMemorySchemaStore(memory);
    }

    /** Another engine on the same memory: a second node on the same storage, for the contracts that race two. */
    public InMemoryStorage otherNode() {
        return new InMemoryStorage(memory);
    }

    @Override
    public EventStore eventStore() {
        return eventStore;
    }

    @Override
    public CursorStore cursorStore() {
        return cursorStore;
    }

    @Override
    public StreamCatalog streamCatalog() {
        return streamCatalog;
    }

    @Override
    public RetentionStore retentionStore() {
        return retentionStore;
    }

    @Override
    public IdOwnership idOwnership() {
        return idOwnership;
    }

    @Override
    public LeaseStore leaseStore() {
        return leaseStore;
    }

    @Override
    public SchemaStore schemaStore() {
        return schemaStore;
    }

    /** Not kept in memory: the service tests of users use their own doubles. */
    @Override
    public UserStore userStore() {
        throw new UnsupportedOperationException("the in-memory engine keeps no users");
    }

    /** Told after each append, on the appending thread, once the events can be read. */
    @Override
    public AppendSignals appendSignals() {
        return memory.listeners::add;
    }

    @Override
    public List<Probe> readinessProbes() {
        return List.of();
    }

    @Override
    public List<GaugeReading> gauges() {
        return List.of();
    }

    @Override
    public String describe() {
        return "in memory, for tests";
    }

    @Override
    public void close() {
        // nothing to release: the state goes with the object
    }
}

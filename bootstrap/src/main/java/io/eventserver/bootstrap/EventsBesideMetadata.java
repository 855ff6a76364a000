package io.eventserver.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 * One engine made of two (ADR 38): the event engine's out-ports, and the database that holds its metadata, users
 * and id owners. Readiness asks both, gauges come from both, close closes the events first (their accepted
 * publishes finish), then the database.
 */
final class EventsBesideMetadata implements StorageEngine {

    private final StorageEngine events;
    private final StorageEngine metadata;

    EventsBesideMetadata(StorageEngine events, StorageEngine metadata) {
        this.events = Objects.requireNonNull(events, "events");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    @Override
    public EventStore eventStore() {
        return events.eventStore();
    }

    @Override
    public CursorStore cursorStore() {
        return events.cursorStore();
    }

    @Override
    public LeaseStore leaseStore() {
        return events.leaseStore();
    }

    @Override
    public RetentionStore retentionStore() {
        return events.retentionStore();
    }

    @Override
    public StreamCatalog streamCatalog() {
        return events.streamCatalog();
    }

    @Override
    public IdOwnership idOwnership() {
        return events.idOwnership();
    }

    @Override
    public UserStore userStore() {
        return events.userStore();
    }

    @Override
    public SchemaStore schemaStore() {
        return events.schemaStore();
    }

    @Override
    public AppendSignals appendSignals() {
        return events.appendSignals();
    }

    @Override
    public List<Probe> readinessProbes() {
        List<Probe> probes = new ArrayList<>(events.readinessProbes());
        probes.addAll(metadata.readinessProbes());
        return probes;
    }

    @Override
    public List<VitalThread> vitalThreads() {
        List<VitalThread> threads = new ArrayList<>(events.vitalThreads());
        threads.addAll(metadata.vitalThreads());
        return threads;
    }

    @Override
    public List<GaugeReading> gauges() {
        List<GaugeReading> gauges = new ArrayList<>(events.gauges());
        gauges.addAll(metadata.gauges());
        return gauges;
    }

    @Override
    public String describe() {
        return events.describe() + "; metadata on " + metadata.describe();
    }

    @Override
    public void close() {
        try {
            events.close();
        } finally {
            metadata.close();
        }
    }
}

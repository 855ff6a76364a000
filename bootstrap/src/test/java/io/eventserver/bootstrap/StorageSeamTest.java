package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.PostgresSettings;
import io.eventserver.adapters.postgres.PostgresStorage;
import io.eventserver.adapters.postgres.TestDatabases;
import io.eventserver.application.Eventually;
import io.eventserver.application.port.out.AppendSignals;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.StorageEngine;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.application.port.out.UserStore;
import org.junit.jupiter.api.Test;

/**
 * Bootstrap needs nothing of a storage engine but {@link StorageEngine}: a planted engine — another class, with its
 * own description, readiness probe and gauge, whose stores happen to be PostgreSQL's — serves the whole API, its
 * probe decides readiness, its gauge is exported, and it is closed when the server stops.
 */
class StorageSeamTest {

    @Test
    void aPlantedStorageEngineIsAllBootstrapNeeds() throws Exception {
        Configuration settings = TestServers.settings(Map.of());
        PlantedStorage planted = new PlantedStorage(PostgresStorage.open(new PostgresSettings(
                Optional.of(TestDatabases.create().url()), "postgres", "", settings.pool(), Path.of("unused"))));
        EventServer server = EventServer.start(settings, () -> planted, () -> { });
        try {
            HttpTestClient http = new HttpTestClient(server.port()).as("alice", "alice-pw");
            String stream = EndToEndTest.uniqueStream();
            assertEquals(200, http.publish(stream, "shop", event("Planted", "{}")).statusCode());
            assertTrue(http.consume(stream, "c", "Planted", 10).body().contains("\"sequence\":1"));

            String ready = http.send(http.request("/observe/health/ready").GET()).body();
            assertTrue(ready.contains("{\"name\":\"planted\",\"status\":\"UP\"}"), ready);
            planted.ready.set(false);
            Eventually.within(Eventually.GENEROUS, () -> assertEquals(503,
                    http.send(http.request("/observe/health/ready").GET()).statusCode(),
                    "the engine's probe decides readiness"));

            HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
            String metrics = admin.send(admin.request("/observe/metrics").header("Accept", "text/plain").GET())
                    .body();
            assertTrue(metrics.contains("eventserver_planted_probes"), metrics);
            assertTrue(planted.probes.get() > 0);
        } finally {
            server.close();
        }
        assertTrue(planted.closed.get(), "the engine is closed with the server");
    }

    /** Another engine as far as bootstrap can tell. */
    private static final class PlantedStorage implements StorageEngine {

        private final StorageEngine stores;
        private final AtomicBoolean ready = new AtomicBoolean(true);
        private final AtomicInteger probes = new AtomicInteger();
        private final AtomicBoolean closed = new AtomicBoolean();

        PlantedStorage(StorageEngine stores) {
            this.stores = stores;
        }

        @Override
        public EventStore eventStore() {
            return stores.eventStore();
        }

        @Override
        public CursorStore cursorStore() {
            return stores.cursorStore();
        }

        @Override
        public StreamCatalog streamCatalog() {
            return stores.streamCatalog();
        }

        @Override
        public io.eventserver.application.port.out.LeaseStore leaseStore() {
            return stores.leaseStore();
        }

        @Override
        public io.eventserver.application.port.out.RetentionStore retentionStore() {
            return stores.retentionStore();
        }

        @Override
        public io.eventserver.application.port.out.SchemaStore schemaStore() {
            return stores.schemaStore();
        }

        @Override
        public IdOwnership idOwnership() {
            return stores.idOwnership();
        }

        @Override
        public UserStore userStore() {
            return stores.userStore();
        }

        @Override
        public AppendSignals appendSignals() {
            return stores.appendSignals();
        }

        @Override
        public List<Probe> readinessProbes() {
            return List.of(new Probe("planted", () -> {
                probes.incrementAndGet();
                return ready.get();
            }));
        }

        @Override
        public List<GaugeReading> gauges() {
            List<GaugeReading> gauges = new ArrayList<>();
            gauges.add(new GaugeReading("eventserver.planted.probes", "Probes run", Map.of(), probes::get));
            return gauges;
        }

        @Override
        public String describe() {
            return "planted storage";
        }

        @Override
        public void close() {
            closed.set(true);
            stores.close();
        }
    }
}

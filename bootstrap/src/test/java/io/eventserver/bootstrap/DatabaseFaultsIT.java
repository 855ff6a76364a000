package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.embedded.EmbeddedDatabase;
import io.eventserver.application.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server keeps its promises when PostgreSQL goes away: requests fail fast with 503 instead of hanging, health
 * turns 503, the server recovers by itself when the database is back, and the checker finds nothing lost. The
 * database is an embedded PostgreSQL this test controls (stopped, killed, locked); the server is the built jar.
 */
class DatabaseFaultsIT {

    @TempDir
    Path temp;

    @Test
    void whenPostgresStopsRequestsFailFastWith503AndTheServerRecoversWithoutARestart() throws Exception {
        Workload.Report report = throughOutage("database-stopped", (database, data) -> database.close());

        assertTrue(report.serverErrors() > 0 || report.inDoubt() > 0, "the outage was not noticed");
    }

    @Test
    void whenPostgresIsKilledMidLoadNoAcknowledgedPublishIsLost() throws Exception {
        throughOutage("database-killed", (database, data) -> {
            killPostgres(data);
            database.close(); // releases this JVM's hold on the data directory; the server itself is gone
        });
    }

    private interface Outage {
        void begin(EmbeddedDatabase database, Path data) throws Exception;
    }

    /**
     * Runs the workload against the server jar, takes PostgreSQL away with {@code outage} once work is flowing,
     * checks that requests answer 503 and health turns 503, brings PostgreSQL back on the same port and data, waits
     * until the server is healthy and publishing again by itself, and checks the history: nothing lost.
     */
    private Workload.Report throughOutage(String name, Outage outage) throws Exception {
        Path data = temp.resolve("pg");
        int port = freePort();
        EmbeddedDatabase database = EmbeddedDatabase.start(data, port);
        try (ServerProcess server = new ServerProcess(name, environment(database, 10)).start()) {
            HttpTestClient http = new HttpTestClient(server.port()).as("alice", "alice-pw");
            Workload workload = new Workload(http, 8, 4);
            workload.start();
            workload.awaitMoreAcknowledged(50);

            outage.begin(database, data);
            assertUnavailable(http);

            database = EmbeddedDatabase.start(data, port);
            awaitHealthy(http);
            workload.awaitMoreAcknowledged(20);
            workload.stop();

            Workload.Report report = workload.check(http);
            report(name, report);
            assertTrue(report.problems().isEmpty(), String.join("\n", report.problems()));
            assertEquals(0, report.lost());
            return report;
        } finally {
            database.close();
        }
    }

    /**
     * A lock held outside the server blocks every write to the events table: requests must not queue for ever but
     * end with 503 once the statement time-out or the wait for a pooled connection (both 1 s here) runs out, and
     * none of them may leave anything behind.
     */
    @Test
    void slowQueriesAndAnExhaustedPoolAnswer503WithinTheConfiguredTimeOuts() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(temp.resolve("pg"));
             ServerProcess server = new ServerProcess("database-locked", environment(database, 2)).start()) {
            HttpTestClient http = new HttpTestClient(server.port()).as("alice", "alice-pw");
            String stream = EndToEndTest.uniqueStream();
            assertEquals(200, http.publish(stream, "shop", HttpTestClient.event("Tick", "{}")).statusCode());

            List<Integer> statuses = new ArrayList<>();
            try (Connection blocker = DriverManager.getConnection(database.url(), "postgres", database.password());
                 Statement statement = blocker.createStatement()) {
                blocker.setAutoCommit(false);
                statement.execute("lock table events in access exclusive mode");
                try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                    List<Future<HttpResponse<String>>> publishes = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        publishes.add(pool.submit(() -> http.publish(stream, "shop",
                                HttpTestClient.event("Tick", "{}"))));
                    }
                    for (Future<HttpResponse<String>> publish : publishes) {
                        HttpResponse<String> response = publish.get(60, TimeUnit.SECONDS);
                        statuses.add(response.statusCode());
                        assertTrue(response.body().startsWith("\"Service Unavailable - "), response.body());
                    }
                }
                blocker.rollback();
            }

            assertEquals(List.of(503, 503, 503, 503, 503, 503, 503, 503), statuses);
            assertEquals(200, http.publish(stream, "shop", HttpTestClient.event("Tick", "{}")).statusCode());
            String events = http.consume(stream, "checker", "Tick", 100).body();
            assertEquals(2, events.split("\"eventId\"").length - 1, "only the two answered 200 are stored");
        }
    }

    private static Map<String, String> environment(EmbeddedDatabase database, int poolSize) {
        return Map.of("DB_URL", database.url(), "DB_USER", "postgres", "DB_PASSWORD", database.password(),
                "DB_POOL_DASH_SIZE", Integer.toString(poolSize),
                "DB_CONNECTION_DASH_TIMEOUT", "PT1S",
                "DB_STATEMENT_DASH_TIMEOUT", "PT1S");
    }

    /**
     * During the outage a publish answers 503 (not 500, not a hang) and health answers 503 — from its next
     * background probe on (health.refresh-interval, 1 s), so it is polled for a few probes. How long the 503 took is
     * printed next to db.connection-timeout (1 s here): a report, not an assertion on time.
     */
    private static void assertUnavailable(HttpTestClient http) {
        long started = System.nanoTime();
        HttpResponse<String> publish = http.publish(EndToEndTest.uniqueStream(), "shop",
                HttpTestClient.event("Tick", "{}"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("DATABASE-FAULT publish during the outage answered " + publish.statusCode() + " after "
                + millis + " ms (db.connection-timeout=PT1S)");
        assertEquals(503, publish.statusCode(), publish.body());
        assertTrue(publish.body().startsWith("\"Service Unavailable - "), publish.body());
        HttpResponse<String> health = Eventually.within(Eventually.GENEROUS,
                () -> http.send(http.request("/observe/health").GET()), answer -> answer.statusCode() != 200);
        assertEquals(503, health.statusCode(), health.body());
    }

    private static void awaitHealthy(HttpTestClient http) {
        Eventually.within(Duration.ofMinutes(2), () -> http.send(http.request("/observe/health").GET())
                .statusCode(), status -> status == 200);
    }

    /** SIGKILL to the postmaster and all its backends, as a crash of the database host would do. */
    private static void killPostgres(Path data) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    private static void report(String name, Workload.Report report) throws Exception {
        String line = "DATABASE-FAULT " + name + " " + report.summary();
        System.out.println(line);
        Files.writeString(Path.of("target", name + ".txt"), line + System.lineSeparator());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

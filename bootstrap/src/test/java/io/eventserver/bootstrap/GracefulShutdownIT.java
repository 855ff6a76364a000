package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.DatabaseSettings;
import io.eventserver.adapters.postgres.TestDatabases;
import io.eventserver.application.Eventually;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM: the server stops accepting connections, lets the requests it is running finish (they answer 200 and
 * their events are committed), closes the pool and exits 0 within the grace period.
 */
class GracefulShutdownIT {

    @Test
    void sigtermFinishesRunningRequestsAndExits0() throws Exception {
        DatabaseSettings database = TestDatabases.create();
        Map<String, String> environment = Map.of("DB_URL", database.url(),
                "SERVER_SHUTDOWN_DASH_GRACE_DASH_PERIOD", "PT60S",
                // the readiness drain before the stop is ShutdownDrainTest's; here the stop itself is tested
                "SERVER_SHUTDOWN_DASH_DRAIN_DASH_PERIOD", "PT0S",
                "DB_STATEMENT_DASH_TIMEOUT", "PT30S");
        String stream = EndToEndTest.uniqueStream();
        List<Integer> inFlight = new ArrayList<>();
        int exitStatus;

        try (ServerProcess server = new ServerProcess("graceful-shutdown", environment).start()) {
            HttpTestClient http = new HttpTestClient(server.port()).as("alice", "alice-pw");
            assertEquals(200, http.publish(stream, "shop", HttpTestClient.event("Tick", "{}")).statusCode());

            try (Connection blocker = DriverManager.getConnection(database.url());
                 Statement statement = blocker.createStatement();
                 ExecutorService pool = Executors.newFixedThreadPool(4)) {
                // Hold every publish inside the server, each on a database connection of its own, so that all four
                // are running when SIGTERM arrives: each claims a new producer id (a new stream each), and the
                // claims wait for this lock. (A lock on the events table would hold only the first: the others
                // wait in the group commit's queue, which the database does not show.)
                blocker.setAutoCommit(false);
                statement.execute("lock table id_owners in access exclusive mode");
                List<Future<HttpResponse<String>>> publishes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String running = stream + "-" + i;
                    String producer = "shop-" + i;
                    publishes.add(pool.submit(() -> http.publish(running, producer,
                            HttpTestClient.event("Tick", "{}"))));
                }
                // all four have reached the server and wait for the lock: however slowly a loaded machine got them
                // there
                Eventually.within(Eventually.GENEROUS, () -> TestDatabases.lockWaits(database.url()),
                        waiting -> waiting >= 4);

                server.signalTerminate();
                // the listener closes soon after the signal; a loaded machine may take a while
                Eventually.within(Eventually.GENEROUS, () -> {
                    try (java.net.Socket probe = new java.net.Socket()) {
                        probe.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 30_000);
                    } catch (ConnectException refused) {
                        return;
                    }
                    throw new AssertionError("still accepting connections");
                });

                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> new HttpTestClient(server.port()).as("alice", "alice-pw")
                                .publish(stream, "shop", HttpTestClient.event("Tick", "{}")));
                assertInstanceOf(ConnectException.class, refused.getCause(), "new connections are refused");

                blocker.rollback();
                for (Future<HttpResponse<String>> publish : publishes) {
                    inFlight.add(publish.get(60, TimeUnit.SECONDS).statusCode());
                }
            }
            exitStatus = server.terminate(120);
            assertTrue(server.output().contains("eventserver stopped"), server.output());
        }

        assertEquals(List.of(200, 200, 200, 200), inFlight, "running requests finished");
        assertEquals(0, exitStatus);
        try (ServerProcess restarted = new ServerProcess("graceful-shutdown-restart",
                Map.of("DB_URL", database.url())).start()) {
            HttpTestClient checker = new HttpTestClient(restarted.port()).as("alice", "alice-pw");
            for (String committed : List.of(stream, stream + "-0", stream + "-1", stream + "-2", stream + "-3")) {
                String events = checker.consume(committed, "checker", "Tick", 100).body();
                assertEquals(1, events.split("\"eventId\"").length - 1, "the finished request was committed: "
                        + committed + " " + events);
            }
        }
    }
}

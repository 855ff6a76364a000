package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.application.Eventually;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * When Helidon's listener gives up accepting (it logs that "this server socket is terminating now" and ends its
 * accept loop while the JVM runs on), the server turns not-ready and runs its stop action, which in {@link Main}
 * exits with status 70 for the supervisor. The listener's death is planted as the log record Helidon 4.3 writes:
 * the connection limits keep a real {@code accept} from running out of descriptors (see HttpEdgeIT's flood).
 */
class ListenerWatchTest {

    @Test
    void aListenerThatStopsMakesTheServerNotReadyAndRunsTheStopAction() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        EventServer server = EventServer.start(TestServers.settings(
                java.util.Map.of("db.url", TestDatabases.create().url())), stopped::countDown);
        try {
            HttpTestClient http = new HttpTestClient(server.port());
            assertEquals(200, http.send(http.request("/observe/health/ready").GET()).statusCode());

            LogRecord death = new LogRecord(Level.SEVERE,
                    "Got a socket exception while listening, this server socket is terminating now");
            Logger.getLogger(ListenerWatch.LOGGER).log(death);

            assertTrue(stopped.await(Eventually.GENEROUS.toSeconds(), TimeUnit.SECONDS), "the stop action ran");
            HttpResponse<String> ready = http.send(http.request("/observe/health/ready").GET());
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("{\"name\":\"listener\",\"status\":\"DOWN\"}"), ready.body());
        } finally {
            server.close();
        }
    }

    @Test
    void otherRecordsOfTheListenerChangeNothing() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        ListenerWatch watch = ListenerWatch.install(stopped::countDown);
        try {
            Logger.getLogger(ListenerWatch.LOGGER).log(Level.SEVERE, "Executor rejected handler for new connection");
            Logger.getLogger(ListenerWatch.LOGGER).log(Level.INFO, "[0x1] @default socket closed.");

            assertEquals(1, stopped.getCount());
        } finally {
            watch.close();
        }
    }
}

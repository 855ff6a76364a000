package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import io.eventserver.application.Eventually;
import org.junit.jupiter.api.Test;

/**
 * A stopping node goes not-ready first and keeps serving for {@code server.shutdown-drain-period}, so that a load
 * balancer takes it out before it stops accepting (issue 12, ADR 36).
 */
class ShutdownDrainTest {

    @Test
    void aStoppingServerIsNotReadyWhileItStillServes() throws Exception {
        EventServer server = TestServers.start(Map.of("db.url", TestDatabases.create().url(),
                // long enough for a loaded machine to see the 503 and publish once more within it
                "server.shutdown-drain-period", "PT10S"));
        HttpTestClient http = new HttpTestClient(server.port()).as("alice", "alice-pw");
        assertEquals(200, http.send(http.request("/observe/health/ready").GET()).statusCode());

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        HttpResponse<String> ready = Eventually.within(Eventually.GENEROUS,
                () -> http.send(http.request("/observe/health/ready").GET()), answer -> answer.statusCode() != 200);

        assertEquals(503, ready.statusCode(), ready.body());
        assertEquals(200, http.publish("draining", "shop", event("Late", "{}")).statusCode(),
                "still serving while the balancer takes the node out");
        stopping.get(Eventually.GENEROUS.toSeconds(), TimeUnit.SECONDS);
    }
}

package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import io.eventserver.application.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three server processes ({@code bin/eventserver}) on one PostgreSQL, used round robin with no stickiness, as a load
 * balancer would (issue 12): any node serves any request; races, wake-ups, user changes and idempotent retries
 * across nodes; a node killed under load loses, duplicates and skips nothing.
 */
class ClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<ServerProcess> nodes = new ArrayList<>();
    private static int[] ports;
    /** HAProxy in front of the nodes, when it is installed (deploy/haproxy.cfg.template). */
    private static Process haproxy;
    private static int haproxyPort;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> environment = Map.of("DB_URL", TestDatabases.create().url(),
                "SERVER_SHUTDOWN_DASH_DRAIN_DASH_PERIOD", "PT0S");
        for (int i = 0; i < 3; i++) {
            nodes.add(new ServerProcess("cluster-node-" + i, environment).start());
        }
        ports = nodes.stream().mapToInt(ServerProcess::port).toArray();
        if (Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
            haproxy = startHaproxy();
        }
    }

    private static Process startHaproxy() throws IOException, InterruptedException {
        try (ServerSocket free = new ServerSocket(0)) {
            haproxyPort = free.getLocalPort();
        }
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < ports.length; i++) {
            servers.append("    server node").append(i).append(" 127.0.0.1:").append(ports[i]).append(" check\n");
        }
        String config = Files.readString(Path.of("..", "deploy", "haproxy.cfg.template"))
                .replace("@PORT@", Integer.toString(haproxyPort))
                .replace("@SERVERS@", servers.toString());
        Path file = Path.of("target", "it-logs", "haproxy.cfg");
        Files.createDirectories(file.getParent());
        Files.writeString(file, config);
        Process started = new ProcessBuilder(List.of("/usr/sbin/haproxy", "-f", file.toString()))
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "it-logs", "haproxy.log").toFile())
                .start();
        HttpTestClient probe = new HttpTestClient(haproxyPort);
        Eventually.within(Eventually.GENEROUS, () -> probe.send(probe.request("/observe/health/ready").GET())
                .statusCode(), status -> status == 200);
        return started;
    }

    @AfterAll
    static void stop() {
        if (haproxy != null) {
            haproxy.destroy();
        }
        nodes.forEach(ServerProcess::close);
    }

    private static HttpTestClient roundRobin(String user, String password) {
        return new HttpTestClient(ports).as(user, password);
    }

    private static HttpTestClient node(int i) {
        return new HttpTestClient(ports[i]).as("alice", "alice-pw");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void theContractHoldsWhenEveryRequestGoesToAnotherNode() throws Exception {
        HttpTestClient client = roundRobin("alice", "alice-pw");
        String stream = unique("orders");
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            HttpResponse<String> published = client.publish(stream, "shop", event("Placed", "{\"n\":" + n + "}"));
            assertEquals(200, published.statusCode(), published.body());
            ids.add(published.body().replace("\"", ""));
        }
        assertEquals(423, client.publish(stream, "intruder", event("Placed", "{}")).statusCode());

        JsonNode first = json(client.consume(stream, "billing", "Placed", 2));
        assertEquals(ids.subList(0, 2), List.of(first.get(0).get("eventId").asText(), first.get(1).get("eventId")
                .asText()));
        assertEquals(200, client.acknowledge(stream, "billing", ids.get(1)).statusCode());
        for (int i = 0; i < 3; i++) {
            JsonNode next = json(client.consume(stream, "billing", "Placed", 2));
            assertEquals(ids.get(2), next.get(0).get("eventId").asText(), "every node reads the same offset");
        }
        assertEquals(200, client.acknowledge(stream, "billing", ids.get(5)).statusCode());
        for (int i = 0; i < 3; i++) {
            assertEquals("[]", client.consume(stream, "billing", "Placed", 10).body());
        }
    }

    @Test
    void theContractHoldsThroughHAProxy() throws Exception {
        NodeTools.requireOrSkip("EVENTSERVER_HAPROXY_TESTS", haproxy == null ? "/usr/sbin/haproxy" : "",
                "the tests through HAProxy");
        HttpTestClient client = new HttpTestClient(haproxyPort).as("alice", "alice-pw");
        String stream = unique("balanced");
        String first = client.publish(stream, "shop", event("Placed", "{}")).body().replace("\"", "");
        client.publish(stream, "shop", event("Placed", "{}"));
        assertEquals(423, client.publish(stream, "intruder", event("Placed", "{}")).statusCode());
        assertEquals(2, json(client.consume(stream, "billing", "Placed", 10)).size());
        assertEquals(200, client.acknowledge(stream, "billing", first).statusCode());
        for (int i = 0; i < 3; i++) {
            assertEquals(1, json(client.consume(stream, "billing", "Placed", 10)).size(), "every node, one offset");
        }
    }

    @Test
    void producersRacingOnDifferentNodesHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            String stream = unique("race");
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int p = 0; p < 6; p++) {
                    HttpTestClient client = node(p % 3);
                    String producer = "producer-" + p;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return client.publish(stream, producer, event("Raced", "{}"));
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<HttpResponse<String>> answer : answers) {
                    int status = answer.get().statusCode();
                    assertTrue(status == 200 || status == 423, "round " + round + ": " + status);
                    won += status == 200 ? 1 : 0;
                }
                assertEquals(1, won, "round " + round);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void usersRacingOnDifferentNodesForANewProducerIdHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            String stream = unique("claimed");
            String producer = unique("contested");
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                List<String> users = List.of("alice", "bob", "alice", "bob");
                for (int i = 0; i < 4; i++) {
                    HttpTestClient client = new HttpTestClient(ports[i % 3]).as(users.get(i), users.get(i) + "-pw");
                    answers.add(pool.submit(() -> {
                        go.await();
                        return client.publish(stream, producer, event("Claimed", "{}"));
                    }));
                }
                go.countDown();
                Set<String> winners = new HashSet<>();
                for (int i = 0; i < 4; i++) {
                    int status = answers.get(i).get().statusCode();
                    assertTrue(status == 200 || status == 403, "round " + round + ": " + status);
                    if (status == 200) {
                        winners.add(users.get(i));
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": the requests of exactly one user win");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aLongPollOnOneNodeAndAStreamOnAnotherWakeForAPublishOnAThird() throws Exception {
        String stream = unique("woken");
        node(0).publish(stream, "shop", event("Other", "{}"));
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + ports[1] + "/api/v1/streams/" + stream
                                + "/events?eventName=Paid&limit=5&wait=30"))
                .header("Authorization", HttpTestClient.basic("alice", "alice-pw"))
                .header("X-Consumer-ID", "poller").GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<Stream<String>> streaming = client.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + ports[2] + "/api/v1/streams/" + stream + "/events?eventName=Paid"))
                .header("Authorization", HttpTestClient.basic("alice", "alice-pw"))
                .header("X-Consumer-ID", "streamer").header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread.sleep(1500);
        assertFalse(waiting.isDone());

        String id = node(0).publish(stream, "shop", event("Paid", "{}")).body().replace("\"", "");

        assertTrue(waiting.get(60, TimeUnit.SECONDS).body().contains(id));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> streaming.body()
                .filter(l -> l.startsWith("data: ")).findFirst().orElse(""));
        assertTrue(line.get(60, TimeUnit.SECONDS).contains(id));
        streaming.body().close();
    }

    @Test
    void aUserDeletedOnOneNodeIsRefusedOnTheOthers() throws Exception {
        HttpTestClient admin = new HttpTestClient(ports[0]).as("admin", "admin-pw");
        String login = unique("temp");
        assertEquals(201, admin.send(admin.request("/api/v1/users/" + login)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"temporary-pass-1\"}"))).statusCode());
        HttpTestClient onB = new HttpTestClient(ports[1]).as(login, "temporary-pass-1");
        HttpTestClient onC = new HttpTestClient(ports[2]).as(login, "temporary-pass-1");
        assertEquals(200, onB.send(onB.request("/api/v1/streams").GET()).statusCode());
        assertEquals(200, onC.send(onC.request("/api/v1/streams").GET()).statusCode());

        assertEquals(204, admin.send(admin.request("/api/v1/users/" + login).DELETE()).statusCode());

        for (HttpTestClient other : List.of(onB, onC)) {
            assertEquals(401, Eventually.within(Eventually.GENEROUS,
                    () -> other.send(other.request("/api/v1/streams").GET()).statusCode(), status -> status != 200));
        }
    }

    @Test
    void theSameKeySentToTwoNodesAtOnceStoresOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            String stream = unique("keyed");
            node(0).publish(stream, "shop", event("Setup", "{}"));
            String body = event("Paid", "{\"round\":" + round + "}");
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    HttpTestClient client = node(i % 2);
                    answers.add(pool.submit(() -> {
                        go.await();
                        return client.send(client.request("/api/v1/streams/" + stream + "/events")
                                .header("X-Producer-ID", "shop").header("Content-Type", "application/json")
                                .header("Idempotency-Key", "pay-once")
                                .POST(HttpRequest.BodyPublishers.ofString(body)));
                    }));
                }
                go.countDown();
                Set<String> bodies = new HashSet<>();
                for (Future<HttpResponse<String>> answer : answers) {
                    assertEquals(200, answer.get().statusCode());
                    bodies.add(answer.get().body());
                }
                assertEquals(1, bodies.size(), "round " + round + ": " + bodies);
                assertEquals(1, json(node(2).consume(stream, "counter-" + round, "Paid", 10)).size());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void killingANodeUnderLoadLosesDuplicatesAndSkipsNothing() throws Exception {
        HttpTestClient client = roundRobin("alice", "alice-pw");
        Workload workload = new Workload(client, 6, 3).withIdempotencyKeys();
        workload.start();
        workload.awaitMoreAcknowledged(50);

        ServerProcess victim = nodes.get(2);
        victim.kill();
        workload.awaitMoreAcknowledged(50);
        victim.start();
        workload.awaitMoreAcknowledged(50);
        workload.stop();

        Workload.Report report = workload.check(new HttpTestClient(ports[0]).as("alice", "alice-pw"));
        String summary = "CLUSTER-FAILOVER " + report.summary() + " retries=" + workload.retries()
                + " replayed=" + workload.replayed() + " skipped=" + workload.skipped();
        System.out.println(summary);
        assertTrue(report.problems().isEmpty(), String.join("\n", report.problems()));
        assertEquals(0, report.lost(), "lost");
        assertEquals(0, report.duplicates(), "duplicated");
        assertEquals(0, report.inDoubt(), "in doubt");
        assertEquals(0, report.offsetsRegressed(), "events delivered again after their acknowledgement");
        assertEquals(0, workload.skipped(), "events a consumer skipped");
    }
}

package io.eventserver.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import io.helidon.logging.common.LogConfig;

/**
 * The training run of the ahead-of-time cache (adr/0017), run by the build on JDK 25+ as
 * {@code java -XX:AOTCacheOutput=eventserver.aot -cp eventserver.jar io.eventserver.bootstrap.AotTraining <dir>}:
 * starts the server on a free port with an embedded PostgreSQL in {@code <dir>}, sends it the requests of every
 * route — publish, consume, acknowledge, operator reads and writes, health, metrics, the error answers — then stops.
 * The JVM writes the classes it loaded and linked, and the method profiles it gathered, into the cache at exit;
 * a server started with {@code -XX:AOTCache=eventserver.aot} skips that work.
 */
public final class AotTraining {

    private static final String ALICE = basic("alice:alice-pw");
    private static final String ADMIN = basic("admin:admin-pw");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    private AotTraining(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: AotTraining <embedded database directory>");
        }
        // as Main does, so that the logging set-up and the log handler are in the cache too
        LogConfig.configureRuntime();
        System.setProperty("server.port", "0");
        System.setProperty("server.host", "127.0.0.1");
        System.setProperty("db.embedded.data-dir", args[0]);
        // always the embedded database: a DB_URL in the builder's environment must not receive training streams
        // (system properties take precedence over environment variables)
        System.setProperty("db.url", "");
        try (EventServer server = EventServer.start(Configuration.load(Optional.empty()))) {
            AotTraining training = new AotTraining(server.port());
            for (int round = 0; round < 3; round++) {
                training.exercise(round);
            }
        }
        System.exit(0);
    }

    private void exercise(int round) throws IOException, InterruptedException {
        String stream = "/api/v1/streams/training-" + round;
        String lastId = null;
        for (int i = 0; i < 200; i++) {
            String name = i % 2 == 0 ? "OrderPlaced" : "OrderShipped";
            lastId = send("POST", stream + "/events", ALICE, "X-Producer-ID", "trainer", event(name, i)).trim();
        }
        lastId = lastId.substring(1, lastId.length() - 1);
        send("GET", stream + "/events?eventName=OrderPlaced&limit=100", ALICE, "X-Consumer-ID", "billing", null);
        send("POST", stream + "/events/" + lastId, ALICE, "X-Consumer-ID", "billing", "action=ACK");
        send("GET", "/api/v1/streams?limit=10", ALICE, null, null, null);
        send("GET", stream, ALICE, null, null, null);
        send("GET", stream + "/consumers", ALICE, null, null, null);
        send("GET", stream + "/events/" + lastId, ALICE, null, null, null);
        send("PUT", stream + "/consumers/billing/offsets/OrderShipped", ADMIN, null, null, "{\"sequence\":1}");
        // the error answers: second writer, bad document, unknown stream, no credentials, wrong method
        send("POST", stream + "/events", ALICE, "X-Producer-ID", "intruder", event("OrderPlaced", 0));
        send("POST", stream + "/events", ALICE, "X-Producer-ID", "trainer", "{\"event\":");
        send("GET", "/api/v1/streams/none/events?eventName=X&limit=1", ALICE, "X-Consumer-ID", "c", null);
        send("GET", stream + "/events?eventName=X&limit=1", null, null, null, null);
        send("DELETE", stream + "/events", ALICE, null, null, null);
        send("GET", "/observe/health/live", null, null, null, null);
        send("GET", "/observe/health/ready", null, null, null, null);
        send("GET", "/observe/metrics", ADMIN, null, null, null);
        send("GET", "/openapi", null, null, null, null);
    }

    private String send(String method, String path, String authorization, String header, String value, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (header != null) {
            request.header(header, value);
        }
        if (body != null) {
            request.header("Content-Type", body.startsWith("{")
                    ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String event(String name, int n) {
        return "{\"event\":{\"name\":\"" + name + "\",\"version\":1},\"system\":{\"id\":\"aot\",\"name\":\"training\","
                + "\"time\":\"2026-11-27 12:00:00\",\"timezone\":\"Europe/Berlin\"},\"trigger\":{\"type\":\"build\","
                + "\"name\":\"AotTraining\"},\"payload\":{\"n\":" + n + ",\"amount\":12.50,\"note\":\"training\"}}";
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}

package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Producers retry safely and publish in batches (issue 10), end to end on the real server and PostgreSQL:
 * {@code Idempotency-Key} answers a retry with the first answer and stores nothing, a batch is stored whole or not at
 * all, and every refused request leaves nothing behind — not even its key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SafePublishTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventServer server;
    private static HttpTestClient http;

    /** The storage settings of the server under test: a fresh PostgreSQL database ({@link KafkaSafePublishTest}). */
    Map<String, String> storage() {
        return Map.of("db.url", TestDatabases.create().url());
    }

    @BeforeAll
    void start() {
        Map<String, String> settings = new HashMap<>(storage());
        settings.putAll(Map.of("api.max-batch-size", "50", "api.max-batch-body-size", "65536",
                "api.max-body-size", "16384"));
        server = TestServers.start(settings);
        http = new HttpTestClient(server.port()).as("alice", "alice-pw");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static HttpResponse<String> publish(String stream, String producer, String key, String body) {
        HttpRequest.Builder request = http.request("/api/v1/streams/" + stream + "/events")
                .header("X-Producer-ID", producer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request);
    }

    private static long stored(String stream, String eventName) {
        HttpResponse<String> page = http.consume(stream, unique("counter"), eventName, 1000);
        return page.statusCode() == 404 ? 0 : json(page).size();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static String batch(String eventName, int size) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(event(eventName, "{\"i\":" + i + "}"));
        }
        return "[" + String.join(",", events) + "]";
    }

    @Test
    void aRetryWithTheSameKeyAndBodyIsAnsweredAsTheFirstAndStoresNothing() {
        String stream = unique("orders");
        String body = event("Placed", "{\"order\":1}");

        HttpResponse<String> first = publish(stream, "shop", "order-1", body);
        HttpResponse<String> retry = publish(stream, "shop", "order-1", body);

        assertEquals(200, first.statusCode(), first.body());
        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals(first.body(), retry.body(), "the same event id");
        assertFalse(first.headers().firstValue("Idempotent-Replayed").isPresent());
        assertEquals("true", retry.headers().firstValue("Idempotent-Replayed").orElseThrow());
        assertEquals(1, stored(stream, "Placed"));
        assertEquals(200, publish(stream, "shop", "order-2", body).statusCode(), "another key stores again");
        assertEquals(2, stored(stream, "Placed"));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndStoresNothing() {
        String stream = unique("orders");
        publish(stream, "shop", "order-9", event("Placed", "{\"order\":9}"));

        HttpResponse<String> other = publish(stream, "shop", "order-9", event("Placed", "{\"order\":10}"));

        assertEquals(422, other.statusCode());
        assertEquals("\"Unprocessable Content - Idempotency-Key order-9 was used with a different body\"",
                other.body());
        assertEquals(1, stored(stream, "Placed"));
    }

    @Test
    void sixteenConcurrentIdenticalRequestsStoreOneEventAndGetSixteenIdenticalAnswers() throws Exception {
        String stream = unique("contended");
        String body = event("Placed", "{\"order\":16}");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return publish(stream, "shop", "the-one", body);
                }));
            }
            go.countDown();
            Set<String> bodies = new HashSet<>();
            int replayed = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertEquals(200, response.statusCode(), response.body());
                bodies.add(response.body());
                replayed += response.headers().firstValue("Idempotent-Replayed").isPresent() ? 1 : 0;
            }
            assertEquals(1, bodies.size(), "16 identical answers: " + bodies);
            assertEquals(15, replayed);
            assertEquals(1, stored(stream, "Placed"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyIsScopedByStreamAndProducer() {
        String body = event("Placed", "{}");
        String one = unique("scoped");
        String two = unique("scoped");
        String first = publish(one, "shop", "k", body).body();

        assertFalse(first.equals(publish(two, "shop", "k", body).body()), "another stream, another key");
        assertEquals(1, stored(two, "Placed"));
    }

    @Test
    void aRefusedRequestRecordsNoKey() {
        String stream = unique("refused");
        publish(stream, "shop", "seed", event("Placed", "{}"));
        String good = event("Placed", "{\"ok\":true}");

        assertEquals(400, publish(stream, "shop", "k-400", "{\"event\":{}}").statusCode());
        assertEquals(423, publish(stream, "intruder", "k-423", good).statusCode());
        assertEquals(413, publish(stream, "shop", "k-413", event("Placed", "{\"x\":\"" + "x".repeat(20_000)
                + "\"}")).statusCode());

        for (String key : List.of("k-400", "k-423", "k-413")) {
            HttpResponse<String> later = publish(stream, "shop", key, good);
            assertEquals(200, later.statusCode(), key);
            assertFalse(later.headers().firstValue("Idempotent-Replayed").isPresent(), key + " was not recorded");
        }
    }

    @Test
    void badKeysAre400() {
        String stream = unique("keys");
        for (String key : List.of("has space", "x".repeat(256), "tab\tkey")) {
            HttpResponse<String> refused = publish(stream, "shop", key, event("Placed", "{}"));
            assertEquals(400, refused.statusCode(), key);
            assertTrue(refused.body().startsWith("\"Bad Request - Idempotency-Key must be"), refused.body());
        }
        HttpResponse<String> twice = http.send(http.request("/api/v1/streams/" + stream + "/events")
                .header("X-Producer-ID", "shop").header("Content-Type", "application/json")
                .header("Idempotency-Key", "a").header("Idempotency-Key", "b")
                .POST(HttpRequest.BodyPublishers.ofString(event("Placed", "{}"))));
        assertEquals(400, twice.statusCode());
        assertEquals(200, publish(stream, "shop", "x".repeat(255), event("Placed", "{}")).statusCode());
        assertEquals(200, publish(stream, "shop", "!~#$%&'*+-.^_`|", event("Placed", "{}")).statusCode());
        assertEquals(2, stored(stream, "Placed"), "the refused ones stored nothing");
    }

    @Test
    void aBatchIsStoredWholeInItsOrderAndAnsweredWithItsIds() {
        String stream = unique("batched");

        HttpResponse<String> published = publish(stream, "shop", null, "[" + event("A", "{\"i\":0}") + ","
                + event("B", "{\"i\":1}") + "," + event("A", "{\"i\":2}") + "]");

        assertEquals(200, published.statusCode(), published.body());
        JsonNode ids = json(published);
        assertEquals(3, ids.size());
        JsonNode as = json(http.consume(stream, "reader", "A", 10));
        assertEquals(ids.get(0).asText(), as.get(0).get("eventId").asText());
        assertEquals(ids.get(2).asText(), as.get(1).get("eventId").asText());
        assertEquals(List.of(1, 2), List.of(as.get(0).get("sequence").asInt(), as.get(1).get("sequence").asInt()));
        assertEquals(0, as.get(0).get("payload").get("i").asInt());
        assertEquals(ids.get(1).asText(), json(http.consume(stream, "reader", "B", 10)).get(0).get("eventId").asText());
        HttpResponse<String> single = publish(stream, "shop", null, event("A", "{}"));
        assertTrue(single.body().matches("\"[0-9a-f-]{36}\""), "a single object keeps its single id: " + single.body());
    }

    @Test
    void oneInvalidElementRefusesTheWholeBatchNamingItsIndex() {
        String stream = unique("invalid");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event("A", "{}"));
        }
        events.set(3, event("A", "{}").replace("\"version\":1", "\"version\":0"));

        HttpResponse<String> refused = publish(stream, "shop", "batch-key", "[" + String.join(",", events) + "]");

        assertEquals(400, refused.statusCode());
        assertEquals("\"Bad Request - [3].event.version must be an integer >= 1\"", refused.body());
        assertEquals(0, stored(stream, "A"));
        assertEquals(404, http.send(http.request("/api/v1/streams/" + stream).GET()).statusCode(),
                "the batch did not create the stream");
        for (Map.Entry<String, String> wrong : Map.of(
                "[]", "the batch is empty",
                "[1]", "[0] must be a JSON object",
                "[" + event("A", "{}") + ",{\"event\":{\"name\":\"A\",\"version\":1}}]", "[1].system is required",
                "[" + event("A", "{}") + ", ", "not valid JSON",
                "[" + event("A", "{}") + "] []", "not valid JSON",
                batch("A", 51), "at most 50 events").entrySet()) {
            HttpResponse<String> answer = publish(stream, "shop", null, wrong.getKey());
            assertEquals(400, answer.statusCode(), wrong.getKey());
            assertTrue(answer.body().contains(wrong.getValue()), answer.body());
        }
        assertEquals(0, stored(stream, "A"));
        assertEquals(200, publish(stream, "shop", "batch-key", batch("A", 50)).statusCode(),
                "the refused batch recorded no key");
    }

    @Test
    void aBatchFollowsTheRulesOfOneEventAndItsOwnSizeLimit() {
        String stream = unique("ruled");
        assertEquals(200, publish(stream, "shop", null, batch("A", 2)).statusCode(), "a batch may create a stream");
        assertEquals(423, publish(stream, "intruder", null, batch("A", 2)).statusCode());

        HttpResponse<String> large = publish(stream, "shop", null, batch("A", 40));
        assertEquals(200, large.statusCode(), "larger than api.max-body-size, within api.max-batch-body-size");
        HttpResponse<String> tooLarge = publish(stream, "shop", null, "[" + event("A", "{\"x\":\""
                + "x".repeat(70_000) + "\"}") + "]");
        assertEquals(413, tooLarge.statusCode());
        assertEquals("\"Payload Too Large - the body must be at most 65536 bytes\"", tooLarge.body());
        assertEquals(42, stored(stream, "A"));

        String key = "batch-retry";
        String body = batch("B", 3);
        HttpResponse<String> first = publish(stream, "shop", key, body);
        HttpResponse<String> retry = publish(stream, "shop", key, body);
        assertEquals(first.body(), retry.body(), "a key covers a whole batch");
        assertEquals("true", retry.headers().firstValue("Idempotent-Replayed").orElseThrow());
        assertEquals(3, stored(stream, "B"));
    }
}

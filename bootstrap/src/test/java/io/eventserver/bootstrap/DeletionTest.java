package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import io.eventserver.application.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 25 end to end over HTTP, on two nodes of one storage: deleting a stream (its name free again), deleting a
 * consumer, redacting an event (ADR 62, ADR 63), and what publishes, readers and waiting readers racing a deletion
 * get. {@link KafkaDeletionTest} runs the same tests on the Kafka engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeletionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventServer server;
    private EventServer other;
    private HttpTestClient alice;
    private HttpTestClient aliceOnOther;
    private HttpTestClient bob;
    private HttpTestClient admin;
    private HttpTestClient adminOnOther;

    /** The storage settings of both nodes: one fresh PostgreSQL database. */
    Map<String, String> storage() {
        return Map.of("db.url", TestDatabases.create().url());
    }

    /** Whether the engine leases events (both do since ADR 57). */
    boolean leases() {
        return true;
    }

    @BeforeAll
    void start() {
        Map<String, String> settings = new HashMap<>(storage());
        server = TestServers.start(settings);
        other = TestServers.start(settings);
        alice = new HttpTestClient(server.port()).as("alice", "alice-pw");
        aliceOnOther = new HttpTestClient(other.port()).as("alice", "alice-pw");
        bob = new HttpTestClient(server.port()).as("bob", "bob-pw");
        admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        adminOnOther = new HttpTestClient(other.port()).as("admin", "admin-pw");
    }

    @AfterAll
    void stop() {
        other.close();
        server.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String publish(HttpTestClient as, String stream, String producer, String payload) {
        HttpResponse<String> published = as.publish(stream, producer, event("Paid", payload));
        assertEquals(200, published.statusCode(), published.body());
        return published.body().replace("\"", "");
    }

    private static HttpResponse<String> delete(HttpTestClient as, String path) {
        return as.send(as.request(path).DELETE());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    @Test
    void anAdminDeletesAStreamAndItsNameIsFreeOnEveryNode() {
        String stream = unique("gone");
        String first = publish(alice, stream, "shop", "{\"n\":1}");
        publish(alice, stream, "shop", "{\"n\":2}");
        assertEquals(200, alice.acknowledge(stream, "reader", first).statusCode());
        // the other node remembers the stream, its owner and its topic or counter row
        assertEquals(1, json(aliceOnOther.consume(stream, "reader", "Paid", 10)).size());

        HttpResponse<String> refused = delete(alice, "/api/v1/streams/" + stream);
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("\"Forbidden - the admin role is required\"", refused.body());
        HttpResponse<String> deleted = delete(admin, "/api/v1/streams/" + stream);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals("", deleted.body());

        for (HttpTestClient node : List.of(alice, aliceOnOther)) {
            assertEquals(404, node.send(node.request("/api/v1/streams/" + stream)).statusCode());
            HttpResponse<String> read = node.consume(stream, "reader", "Paid", 10);
            assertEquals(404, read.statusCode(), read.body());
            assertEquals("\"Not Found - stream " + stream + " does not exist\"", read.body());
        }
        HttpResponse<String> again = delete(adminOnOther, "/api/v1/streams/" + stream);
        assertEquals(404, again.statusCode(), again.body());

        // a new owner, on the node that remembered the old one; sequences from 1; the old offset is gone
        String reborn = publish(aliceOnOther, stream, "another-shop", "{\"n\":3}");
        for (HttpTestClient node : List.of(alice, aliceOnOther)) {
            JsonNode page = json(node.consume(stream, "reader", "Paid", 10));
            assertEquals(1, page.size(), page.toString());
            assertEquals(reborn, page.get(0).get("eventId").asText());
            assertEquals(1, page.get(0).get("sequence").asLong());
        }
        HttpResponse<String> oldOwner = alice.publish(stream, "shop", event("Paid", "{}"));
        assertEquals(423, oldOwner.statusCode(), "the name belongs to its new owner: " + oldOwner.body());
        assertEquals("another-shop", json(admin.send(admin.request("/api/v1/streams/" + stream))).get("owner")
                .asText());
    }

    @Test
    void aConsumerIsDeletedByItsUserOrAnAdminAndReadsFromTheStartAgain() {
        String stream = unique("consumers");
        String first = publish(alice, stream, "shop", "{\"n\":1}");
        String second = publish(alice, stream, "shop", "{\"n\":2}");
        alice.publish(stream, "shop", event("Shipped", "{}"));
        assertEquals(200, alice.acknowledge(stream, "alices-reader", second).statusCode());
        JsonNode shipped = json(alice.consume(stream, "alices-reader", "Shipped", 10));
        assertEquals(200, alice.acknowledge(stream, "alices-reader", shipped.get(0).get("eventId").asText())
                .statusCode());

        HttpResponse<String> notBobs = delete(bob, "/api/v1/streams/" + stream + "/consumers/alices-reader");
        assertEquals(403, notBobs.statusCode(), notBobs.body());
        assertEquals(0, json(alice.consume(stream, "alices-reader", "Paid", 10)).size(), "nothing was changed");

        HttpResponse<String> deleted = delete(aliceOnOther, "/api/v1/streams/" + stream + "/consumers/alices-reader");
        assertEquals(204, deleted.statusCode(), deleted.body());

        JsonNode paid = json(alice.consume(stream, "alices-reader", "Paid", 10));
        assertEquals(List.of(first, second), List.of(paid.get(0).get("eventId").asText(),
                paid.get(1).get("eventId").asText()), "every event name starts again at the first stored event");
        assertEquals(1, json(alice.consume(stream, "alices-reader", "Shipped", 10)).size());
        JsonNode consumers = json(admin.send(admin.request("/api/v1/streams/" + stream + "/consumers")));
        for (JsonNode consumer : consumers) {
            assertFalse(consumer.toString().contains("alices-reader"), consumers.toString());
        }

        assertEquals(204, delete(admin, "/api/v1/streams/" + stream + "/consumers/alices-reader").statusCode(),
                "an admin may, and a consumer with nothing stored is deleted all the same");
        assertEquals(404, delete(admin, "/api/v1/streams/" + unique("never") + "/consumers/alices-reader")
                .statusCode());
    }

    @Test
    void aLeasingConsumersLeasesAndDeadLettersGoWithIt() {
        if (!leases()) {
            return;
        }
        String stream = unique("leasing");
        publish(alice, stream, "shop", "{\"n\":1}");
        publish(alice, stream, "shop", "{\"n\":2}");
        HttpResponse<String> leased = alice.send(alice.request("/api/v1/streams/" + stream
                + "/events?eventName=Paid&limit=2&lease=600").header("X-Consumer-ID", "leaser"));
        assertEquals(200, leased.statusCode(), leased.body());
        assertEquals(2, json(leased).size());

        assertEquals(204, delete(admin, "/api/v1/streams/" + stream + "/consumers/leaser").statusCode());

        JsonNode again = json(aliceOnOther.send(aliceOnOther.request("/api/v1/streams/" + stream
                + "/events?eventName=Paid&limit=2&lease=600").header("X-Consumer-ID", "leaser")));
        assertEquals(2, again.size(), "its leases went with it: " + again);
        assertEquals(1, again.get(0).get("deliveries").asInt());
    }

    @Test
    void aRedactedEventKeepsItsPlaceAndEveryReadGetsOnlyItsNameAndVersion() throws Exception {
        String stream = unique("redact");
        HttpResponse<String> keyed = alice.send(alice.request("/api/v1/streams/" + stream + "/events")
                .header("X-Producer-ID", "shop").header("Content-Type", "application/json")
                .header("Idempotency-Key", "pay-1")
                .POST(HttpRequest.BodyPublishers.ofString(event("Paid", "{\"card\":\"4111\"}"))));
        assertEquals(200, keyed.statusCode(), keyed.body());
        String secret = keyed.body().replace("\"", "");
        String next = publish(alice, stream, "shop", "{\"n\":2}");
        JsonNode before = json(alice.send(alice.request("/api/v1/streams/" + stream + "/events/" + secret)));

        assertEquals(403, delete(alice, "/api/v1/streams/" + stream + "/events/" + secret).statusCode());
        HttpResponse<String> redacted = delete(admin, "/api/v1/streams/" + stream + "/events/" + secret);
        assertEquals(204, redacted.statusCode(), redacted.body());

        String expected = "{\"eventId\":\"" + secret + "\",\"sequence\":1,\"receivedAt\":"
                + JSON.writeValueAsString(before.get("receivedAt").asText())
                + ",\"event\":{\"name\":\"Paid\",\"version\":1},\"redacted\":true}";
        for (HttpTestClient node : List.of(alice, aliceOnOther)) {
            HttpResponse<String> page = node.consume(stream, "auditor", "Paid", 10);
            assertEquals("[" + expected + "," , page.body().substring(0, expected.length() + 2));
            assertEquals(next, json(page).get(1).get("eventId").asText());
            assertEquals(expected, json(node.send(node.request("/api/v1/streams/" + stream
                    + "/event-names/Paid/events?limit=1"))).get(0).toString());
            JsonNode single = json(node.send(node.request("/api/v1/streams/" + stream + "/events/" + secret)));
            assertEquals(Set.of("eventId", "eventName", "sequence", "receivedAt", "event", "redacted"),
                    fieldNames(single));
            assertFalse(single.toString().contains("4111"));
        }
        EventStreamTest.Opened sse = EventStreamTest.open(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + other.port() + "/api/v1/streams/" + stream + "/events?eventName=Paid"))
                .header("Authorization", HttpTestClient.basic("alice", "alice-pw"))
                .header("X-Consumer-ID", "sse-auditor"));
        List<String> streamed = sse.nextEvent();
        assertEquals(expected, streamed.get(2).substring("data: ".length()));
        sse.response().body().close();
        if (leases()) {
            JsonNode leased = json(alice.send(alice.request("/api/v1/streams/" + stream
                    + "/events?eventName=Paid&limit=1&lease=60").header("X-Consumer-ID", "leaser")));
            assertTrue(leased.get(0).get("redacted").asBoolean(), leased.toString());
            assertFalse(leased.toString().contains("4111"));
            assertEquals(200, alice.acknowledge(stream, "leaser", secret).statusCode());
        }

        assertEquals(200, alice.acknowledge(stream, "auditor", secret).statusCode(), "acknowledged as before");
        assertEquals(next, json(alice.consume(stream, "auditor", "Paid", 10)).get(0).get("eventId").asText());
        HttpResponse<String> replay = alice.send(alice.request("/api/v1/streams/" + stream + "/events")
                .header("X-Producer-ID", "shop").header("Content-Type", "application/json")
                .header("Idempotency-Key", "pay-1")
                .POST(HttpRequest.BodyPublishers.ofString(event("Paid", "{\"card\":\"4111\"}"))));
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals("\"" + secret + "\"", replay.body(), "the key still answers its id");

        assertEquals(204, delete(adminOnOther, "/api/v1/streams/" + stream + "/events/" + secret).statusCode(),
                "again: 204");
        HttpResponse<String> unknown = delete(admin, "/api/v1/streams/" + stream + "/events/" + UUID.randomUUID());
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals(404, delete(admin, "/api/v1/streams/" + unique("never") + "/events/" + secret).statusCode());
        assertEquals(400, delete(admin, "/api/v1/streams/" + stream + "/events/not-an-id").statusCode());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Publishes racing a deletion, on both nodes, end before it (their events are gone) or after it (in the new
     * stream, sequences from 1); readers get a page or 404; nobody gets a 500.
     */
    @Test
    void publishesAndReadsRacingADeletionEndWhollyBeforeOrAfterIt() throws Exception {
        String stream = unique("race");
        publish(alice, stream, "shop", "{\"n\":0}");
        aliceOnOther.consume(stream, "racer", "Paid", 1);
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        List<String> published = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean deleted = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (HttpTestClient node : List.of(alice, aliceOnOther, alice, aliceOnOther)) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        HttpResponse<String> answer = node.publish(stream, "shop", event("Paid", "{\"i\":" + i + "}"));
                        statuses.merge("publish " + answer.statusCode(), 1, Integer::sum);
                        if (answer.statusCode() == 200) {
                            published.add(answer.body().replace("\"", ""));
                        }
                    }
                    return null;
                }));
            }
            for (HttpTestClient node : List.of(alice, aliceOnOther)) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 40 || !deleted.get(); i++) {
                        HttpResponse<String> answer = node.consume(stream, "racer", "Paid", 50);
                        statuses.merge("read " + answer.statusCode(), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            Thread.sleep(200);
            assertEquals(204, delete(admin, "/api/v1/streams/" + stream).statusCode());
            deleted.set(true);
            for (Future<?> done : work) {
                done.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String status : statuses.keySet()) {
            assertTrue(Set.of("publish 200", "read 200", "read 404").contains(status), statuses.toString());
        }
        // what is stored now is the new stream: numbered from 1 without gaps, and only publishes that were answered
        List<JsonNode> stored = browse(admin, stream);
        Set<String> answered = Set.copyOf(published);
        for (int i = 0; i < stored.size(); i++) {
            assertEquals(i + 1, stored.get(i).get("sequence").asInt(), stored.toString());
            assertTrue(answered.contains(stored.get(i).get("eventId").asText()), "stored but never answered");
        }
        for (HttpTestClient node : List.of(alice, aliceOnOther)) {
            assertEquals(stored.size(), browse(node, stream).size(), "both nodes see the new stream");
        }
    }

    /** Every event of Paid in the stream, page by page (a page may be short: the next one goes on from its end). */
    private static List<JsonNode> browse(HttpTestClient as, String stream) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            HttpResponse<String> answer = as.send(as.request("/api/v1/streams/" + stream
                    + "/event-names/Paid/events?limit=1000&after=" + after));
            if (answer.statusCode() == 404) {
                return all;
            }
            JsonNode page = json(answer);
            if (page.isEmpty()) {
                return all;
            }
            page.forEach(all::add);
            after = page.get(page.size() - 1).get("sequence").asLong();
        }
    }

    /** Readers waiting on a stream (long poll, event stream) are answered when it is deleted: no hang, no 500. */
    @Test
    void waitingReadersOfADeletedStreamAreAnswered() throws Exception {
        String stream = unique("waited");
        publish(alice, stream, "shop", "{\"n\":1}");
        JsonNode page = json(alice.consume(stream, "waiter", "Paid", 10));
        assertEquals(200, alice.acknowledge(stream, "waiter", page.get(0).get("eventId").asText()).statusCode());
        var longPoll = java.util.concurrent.CompletableFuture.supplyAsync(() -> alice.send(alice.request(
                "/api/v1/streams/" + stream + "/events?eventName=Paid&limit=10&wait=20").header("X-Consumer-ID", "waiter")));
        EventStreamTest.Opened sse = EventStreamTest.open(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/api/v1/streams/" + stream + "/events?eventName=Paid"))
                .header("Authorization", HttpTestClient.basic("alice", "alice-pw"))
                .header("X-Consumer-ID", "sse-waiter"));
        assertEquals(200, sse.response().statusCode());
        sse.nextEvent();
        Thread.sleep(300);

        assertEquals(204, delete(admin, "/api/v1/streams/" + stream).statusCode());

        HttpResponse<String> answered = longPoll.get(60, TimeUnit.SECONDS);
        assertTrue(answered.statusCode() == 404 || answered.statusCode() == 200, answered.statusCode() + " "
                + answered.body());
        Eventually.within(Eventually.GENEROUS, () -> sse.lines().contains("<end>"), ended -> ended);
    }
}

package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
 * Issue 25's retention end to end, over HTTP with two nodes on one storage: who may change a stream's retention and
 * what is refused, the background removal on every node, what a consumer behind the first stored event reads, counts
 * and lags, and the metric. {@link KafkaRetentionEndToEndTest} runs the same tests on the Kafka engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventServer server;
    /** A second node on the same storage. */
    private EventServer other;
    private HttpTestClient alice;
    private HttpTestClient bob;
    private HttpTestClient admin;
    private HttpTestClient adminOnOther;

    /** The storage settings of both nodes: one fresh PostgreSQL database. */
    Map<String, String> storage() {
        return Map.of("db.url", TestDatabases.create().url());
    }

    @BeforeAll
    void start() {
        Map<String, String> settings = new HashMap<>(storage());
        settings.put("retention.check-interval", "PT0.2S");
        settings.put("retention.default-max-events", "1000000");
        server = TestServers.start(settings);
        other = TestServers.start(settings);
        alice = new HttpTestClient(server.port()).as("alice", "alice-pw");
        bob = new HttpTestClient(server.port()).as("bob", "bob-pw");
        admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        adminOnOther = new HttpTestClient(other.port()).as("admin", "admin-pw");
    }

    @AfterAll
    void stop() {
        other.close();
        server.close();
    }

    private String streamWith(int events) {
        String stream = "kept-" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 1; i <= events; i++) {
            batch.append(i > 1 ? "," : "").append(HttpTestClient.event("Paid", "{\"n\":" + i + "}"));
        }
        HttpResponse<String> published = alice.send(alice.request("/api/v1/streams/" + stream + "/events")
                .header("X-Producer-ID", "shop-" + stream).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString())));
        assertEquals(200, published.statusCode(), published.body());
        return stream;
    }

    private HttpResponse<String> put(HttpTestClient client, String stream, String body) {
        return client.send(client.request("/api/v1/streams/" + stream + "/retention")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(HttpTestClient client, String path) {
        return client.send(client.request(path).GET());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    private List<String> ids(String stream) {
        HttpResponse<String> read = alice.send(alice.request("/api/v1/streams/" + stream
                + "/events?eventName=Paid&limit=100").header("X-Consumer-ID", "reader").GET());
        assertEquals(200, read.statusCode(), read.body());
        JsonNode page = json(read.body());
        List<String> ids = new ArrayList<>();
        page.forEach(event -> ids.add(event.get("eventId").asText()));
        return ids;
    }

    @Test
    void aStreamHasTheDefaultsUntilItsOwnerOrAnAdminGivesItItsOwnAndEveryNodeReadsThatBack() {
        String stream = streamWith(1);

        HttpResponse<String> defaults = get(alice, "/api/v1/streams/" + stream + "/retention");
        assertEquals(200, defaults.statusCode(), defaults.body());
        assertEquals("{\"maxAge\":null,\"maxEvents\":1000000}", defaults.body());

        HttpResponse<String> byOwner = put(alice, stream, "{\"maxAge\": \"P7D\", \"maxEvents\": 1000}");
        assertEquals(200, byOwner.statusCode(), byOwner.body());
        assertEquals("{\"maxAge\":\"P7D\",\"maxEvents\":1000}", byOwner.body());
        assertEquals("{\"maxAge\":\"P7D\",\"maxEvents\":1000}",
                get(adminOnOther, "/api/v1/streams/" + stream + "/retention").body());

        HttpResponse<String> byAdmin = put(adminOnOther, stream, "{\"maxEvents\": null}");
        assertEquals(200, byAdmin.statusCode(), byAdmin.body());
        assertEquals("{\"maxAge\":null,\"maxEvents\":null}", byAdmin.body());
        JsonNode described = json(get(alice, "/api/v1/streams/" + stream).body());
        assertEquals("{\"maxAge\":null,\"maxEvents\":null}", described.get("retention").toString());
        assertEquals("{\"Paid\":1}", described.get("firstSequences").toString());
    }

    @Test
    void othersAreRefusedAnUnknownStreamIsNotFoundAndAMalformedBodyNamesItsFieldAndChangesNothing() {
        String stream = streamWith(1);
        put(admin, stream, "{\"maxEvents\": 5}");

        HttpResponse<String> byOther = put(bob, stream, "{\"maxEvents\": 1}");
        assertEquals(403, byOther.statusCode(), byOther.body());
        assertTrue(byOther.body().startsWith("\"Forbidden - "), byOther.body());
        assertEquals(404, put(admin, "nothing-" + UUID.randomUUID(), "{\"maxEvents\": 1}").statusCode());
        assertEquals(404, get(admin, "/api/v1/streams/nothing-" + UUID.randomUUID() + "/retention").statusCode());

        for (Map.Entry<String, String> refused : Map.of(
                "{\"maxAge\": \"P1W\"}", "maxAge",
                "{\"maxAge\": \"PT0.5S\"}", "maxAge",
                "{\"maxAge\": 7}", "maxAge",
                "{\"maxEvents\": 0}", "maxEvents",
                "{\"maxEvents\": 1.5}", "maxEvents",
                "{\"maxEvents\": \"10\"}", "maxEvents",
                "{\"maxEvent\": 10}", "maxEvent",
                "[1]", "the body must be",
                "not json", "the body must be").entrySet()) {
            HttpResponse<String> answer = put(admin, stream, refused.getKey());
            assertEquals(400, answer.statusCode(), refused.getKey() + " -> " + answer.body());
            assertTrue(answer.body().startsWith("\"Bad Request - ") && answer.body().contains(refused.getValue()),
                    refused.getKey() + " -> " + answer.body());
        }
        assertEquals("{\"maxAge\":null,\"maxEvents\":5}",
                get(admin, "/api/v1/streams/" + stream + "/retention").body());
        assertEquals(405, admin.send(admin.request("/api/v1/streams/" + stream + "/retention").DELETE())
                .statusCode());
    }

    @Test
    void theBackgroundRemovalKeepsTheNewestCountsWhatAConsumerMissedAndItReadsFromTheFirstStoredEvent() {
        String stream = streamWith(10);
        List<String> ids = ids(stream);
        HttpResponse<String> acked = alice.send(alice.request("/api/v1/streams/" + stream + "/events/" + ids.get(1))
                .header("X-Consumer-ID", "billing").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=ACK")));
        assertEquals(200, acked.statusCode(), acked.body());

        assertEquals(200, put(alice, stream, "{\"maxEvents\": 3}").statusCode());

        Eventually.within(Duration.ofSeconds(60), () -> assertEquals("{\"Paid\":8}",
                json(get(alice, "/api/v1/streams/" + stream).body()).get("firstSequences").toString()));
        JsonNode consumer = json(get(alice, "/api/v1/streams/" + stream + "/consumers").body()).get(0);
        assertEquals("billing", consumer.get("consumerId").asText());
        assertEquals(2, consumer.get("offset").asLong(), "the offset is not rewritten");
        assertEquals(5, consumer.get("expiredUnacknowledged").asLong(), "3..7 were removed unacknowledged");
        assertEquals(3, consumer.get("lag").asLong(), "only stored events are behind");
        HttpResponse<String> read = alice.send(alice.request("/api/v1/streams/" + stream
                + "/events?eventName=Paid&limit=10").header("X-Consumer-ID", "billing").GET());
        assertEquals(200, read.statusCode(), read.body());
        JsonNode page = json(read.body());
        assertEquals(3, page.size(), read.body());
        assertEquals(8, page.get(0).get("sequence").asLong(), read.body());
        assertEquals(404, get(alice, "/api/v1/streams/" + stream + "/events/" + ids.getFirst()).statusCode());
        Eventually.within(Duration.ofSeconds(30), () -> {
            String metrics = get(admin, "/observe/metrics").body() + get(adminOnOther, "/observe/metrics").body();
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith(
                    "eventserver_retention_expired_unacknowledged_total{") && line.contains(stream)), metrics);
        });
    }

    @Test
    void maxAgeRemovesEveryEventReceivedLongerAgo() {
        String stream = streamWith(3);

        assertEquals(200, put(alice, stream, "{\"maxAge\": \"PT1S\"}").statusCode());

        Eventually.within(Duration.ofSeconds(60), () -> assertEquals(List.of(), ids(stream)));
        assertEquals("{\"Paid\":4}",
                json(get(alice, "/api/v1/streams/" + stream).body()).get("firstSequences").toString());
    }
}

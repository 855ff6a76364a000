package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * JSON Schemas per event name and version, and finding an event (issue 26), end to end: two servers on one
 * storage, real sockets; {@link KafkaSchemasAndSearchTest} runs the same on the Kafka engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemasAndSearchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER_V1 = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["orderId"],
             "properties":{"orderId":{"type":"integer"}}}""";

    private EventServer first;
    private EventServer second;
    private HttpTestClient alice;
    private HttpTestClient bob;
    private HttpTestClient admin;
    private HttpTestClient aliceOnSecond;

    /** The storage settings of the servers under test: a fresh PostgreSQL database. */
    Map<String, String> storage() {
        return Map.of("db.url", TestDatabases.create().url());
    }

    @BeforeAll
    void start() {
        Map<String, String> settings = new HashMap<>(storage());
        settings.put("api.max-scan", "5");
        first = TestServers.start(settings);
        second = TestServers.start(settings);
        alice = new HttpTestClient(first.port()).as("alice", "alice-pw");
        bob = new HttpTestClient(first.port()).as("bob", "bob-pw");
        admin = new HttpTestClient(first.port()).as("admin", "admin-pw");
        aliceOnSecond = new HttpTestClient(second.port()).as("alice", "alice-pw");
    }

    @AfterAll
    void stop() {
        second.close();
        first.close();
    }

    @Test
    void aSchemaIsRegisteredOnceReadListedAndDeleted() throws Exception {
        String stream = created("shop-a");
        String path = "/api/v1/streams/" + stream + "/event-names/OrderPlaced/schemas";

        assertEquals(201, put(alice, path + "/1", ORDER_V1).statusCode());
        assertEquals(200, put(alice, path + "/1", ORDER_V1).statusCode(), "the same schema again");
        HttpResponse<String> other = put(alice, path + "/1", "{\"type\":\"object\"}");
        assertEquals(409, other.statusCode());
        assertEquals("Conflict - schema OrderPlaced version 1 exists; register a new version", message(other));
        assertEquals(201, put(admin, path + "/2", "{\"type\":\"object\"}").statusCode(), "an admin may");
        assertEquals(403, put(bob, path + "/3", "{}").statusCode(), "bob does not own producer shop-a");

        assertEquals(JSON.readTree(ORDER_V1), JSON.readTree(get(alice, path + "/1").body()));
        assertEquals("{\"versions\":[1,2]}", get(bob, path).body().replace(" ", ""));
        assertEquals(404, get(alice, path + "/9").statusCode());
        assertEquals(403, delete(alice, path + "/2").statusCode(), "deleting is for admins");
        assertEquals(204, delete(admin, path + "/2").statusCode());
        assertEquals(404, delete(admin, path + "/2").statusCode());
        assertEquals("{\"versions\":[1]}", get(alice, path).body().replace(" ", ""));

        assertEquals(404, put(alice, "/api/v1/streams/never-" + UUID.randomUUID() + "/event-names/X/schemas/1",
                "{}").statusCode());
        HttpResponse<String> invalid = put(alice, path + "/5", "{\"type\":\"integr\"}");
        assertEquals(400, invalid.statusCode());
        assertTrue(message(invalid).startsWith("Bad Request - "), message(invalid));
        assertEquals(400, put(alice, path + "/0", "{}").statusCode());
        assertEquals(400, put(alice, path + "/x", "{}").statusCode());
    }

    @Test
    void onceANameHasASchemaEveryPublishOfItIsValidatedOnEveryNode() throws Exception {
        String stream = created("shop-b");
        String path = "/api/v1/streams/" + stream + "/event-names/OrderPlaced/schemas";
        assertEquals(200, aliceOnSecond.publish(stream, "shop-b", event("OrderPlaced", "{\"orderId\":\"x\"}"))
                .statusCode(), "no schema yet: not validated");

        assertEquals(201, put(alice, path + "/1", ORDER_V1).statusCode());

        HttpResponse<String> mismatch = Eventually.within(Eventually.GENEROUS,
                () -> aliceOnSecond.publish(stream, "shop-b", event("OrderPlaced", "{\"orderId\":\"x\"}")),
                answer -> answer.statusCode() == 422);
        assertTrue(message(mismatch).startsWith(
                "Unprocessable Content - payload does not match schema OrderPlaced version 1: /orderId: "),
                message(mismatch));
        assertEquals(200, aliceOnSecond.publish(stream, "shop-b", event("OrderPlaced", "{\"orderId\":7}"))
                .statusCode());
        HttpResponse<String> noSchema = alice.publish(stream, "shop-b",
                event("OrderPlaced", "{\"orderId\":7}").replace("\"version\":1", "\"version\":2"));
        assertEquals(422, noSchema.statusCode());
        assertEquals("Unprocessable Content - no schema for OrderPlaced version 2", message(noSchema));
        assertEquals(200, alice.publish(stream, "shop-b", event("OrderPaid", "{\"any\":true}")).statusCode(),
                "other names are not validated");

        String batch = "[" + event("OrderPlaced", "{\"orderId\":1}") + "," + event("OrderPlaced", "{\"orderId\":2}")
                + "," + event("OrderPlaced", "{}") + "]";
        int before = browse(alice, stream, "OrderPlaced", "").size();
        HttpResponse<String> refused = alice.publish(stream, "shop-b", batch);
        assertEquals(422, refused.statusCode());
        assertTrue(message(refused).startsWith("Unprocessable Content - [2].payload does not match schema OrderPlaced"
                + " version 1: : "), message(refused));
        assertEquals(before, browse(alice, stream, "OrderPlaced", "").size(), "all or nothing: the batch stored none");

        assertEquals(204, delete(admin, path + "/1").statusCode());
        Eventually.within(Eventually.GENEROUS,
                () -> aliceOnSecond.publish(stream, "shop-b", event("OrderPlaced", "{\"orderId\":\"x\"}")),
                answer -> answer.statusCode() == 200);
    }

    @Test
    void searchFindsByTimeAndContentAndLinksToTheRest() throws Exception {
        String stream = created("shop-c");
        for (int i = 1; i <= 12; i++) {
            assertEquals(200, alice.publish(stream, "shop-c", event("OrderPlaced", "{\"orderId\":" + (i % 3)
                    + ",\"i\":" + i + "}")).statusCode());
        }
        String contains = "&contains=" + URLEncoder.encode("{\"payload\":{\"orderId\":2}}", StandardCharsets.UTF_8);

        HttpResponse<String> page = search(alice, stream, "limit=10" + contains);
        assertEquals(200, page.statusCode());
        assertEquals(List.of(2L, 5L), sequences(page), "api.max-scan is 5: events 1-5 examined");
        String next = link(page).orElseThrow();
        assertTrue(next.contains("after=5") && next.contains("contains="), next);
        HttpResponse<String> rest = alice.send(alice.request(next).GET());
        assertEquals(List.of(8L), sequences(rest), "events 6-10");
        assertTrue(link(rest).orElseThrow().contains("after=10"));
        HttpResponse<String> last = alice.send(alice.request(link(rest).orElseThrow()).GET());
        assertEquals(List.of(11L), sequences(last));
        assertEquals(Optional.empty(), link(last), "events 11 and 12 examined: nothing more");

        HttpResponse<String> limited = search(alice, stream, "limit=1&after=5" + contains);
        assertEquals(List.of(8L), sequences(limited));
        assertTrue(link(limited).orElseThrow().contains("after=8"));

        Instant future = Instant.now().plusSeconds(3600);
        assertEquals(List.of(), sequences(search(alice, stream, "since=" + future)));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(search(alice, stream, "until=" + future)));
        assertEquals(List.of(), sequences(search(alice, stream, "until=2000-01-01T00:00:00Z")));

        for (String malformed : List.of("since=yesterday", "until=2026-13-01T00:00:00Z", "contains=%5B1%5D",
                "contains=%7B", "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "after=-1")) {
            HttpResponse<String> refused = search(alice, stream, malformed);
            assertEquals(400, refused.statusCode(), malformed + ": " + refused.body());
        }
    }

    /** A stream owned by {@code producer}, which alice claims by publishing. */
    private String created(String producer) {
        String stream = "schemas-" + UUID.randomUUID();
        assertEquals(200, alice.publish(stream, producer, event("Created", "{}")).statusCode());
        return stream;
    }

    private static HttpResponse<String> put(HttpTestClient client, String path, String schema) {
        return client.send(client.request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(schema)));
    }

    private static HttpResponse<String> get(HttpTestClient client, String path) {
        return client.send(client.request(path).GET());
    }

    private static HttpResponse<String> delete(HttpTestClient client, String path) {
        return client.send(client.request(path).DELETE());
    }

    private static HttpResponse<String> search(HttpTestClient client, String stream, String query) {
        return get(client, "/api/v1/streams/" + stream + "/event-names/OrderPlaced/events?" + query);
    }

    private static List<JsonNode> browse(HttpTestClient client, String stream, String name, String query)
            throws Exception {
        HttpResponse<String> answer = get(client, "/api/v1/streams/" + stream + "/event-names/" + name + "/events?"
                + query);
        assertEquals(200, answer.statusCode(), answer.body());
        return List.copyOf(JSON.readTree(answer.body()).valueStream().toList());
    }

    private static List<Long> sequences(HttpResponse<String> answer) throws Exception {
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).valueStream().map(event -> event.get("sequence").asLong()).toList();
    }

    /** The target of a {@code Link: <…>; rel="next"}. */
    private static Optional<String> link(HttpResponse<String> answer) {
        return answer.headers().firstValue("Link").map(value -> {
            assertTrue(value.endsWith(">; rel=\"next\""), value);
            return value.substring(1, value.indexOf('>'));
        });
    }

    private static String message(HttpResponse<String> answer) throws Exception {
        return JSON.readTree(answer.body()).asText();
    }
}

package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole server (HTTP, services, storage) on a real socket and a real PostgreSQL; {@link KafkaEndToEndTest} runs
 * the same tests on the Kafka engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

    /** Parses decimals exactly (19.990 stays 19.990), so tree equality also compares precision and scale. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private static EventServer server;
    private static HttpTestClient http;

    /** The storage settings of the server under test: a fresh PostgreSQL database. */
    Map<String, String> storage() {
        return Map.of("db.url", TestDatabases.create().url());
    }

    /** The server's {@code api.max-event-names}: small, so that reaching it is cheap on both engines. */
    private static final int MAX_EVENT_NAMES = 5;

    @BeforeAll
    void start() {
        Map<String, String> settings = new java.util.HashMap<>(storage());
        settings.put("api.max-event-names", Integer.toString(MAX_EVENT_NAMES));
        server = TestServers.start(settings);
        http = new HttpTestClient(server.port()).as("alice", "alice-pw");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void publishConsumeAndAcknowledge() {
        String stream = uniqueStream();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(publishOk(stream, "shop", event("OrderPlaced", "{\"i\":" + i + "}")));
        }
        publishOk(stream, "shop", event("OrderPaid", "{}"));

        List<JsonNode> firstTwo = consume(stream, "billing", "OrderPlaced", 2);
        assertEquals(ids.subList(0, 2), eventIds(firstTwo));
        assertEquals(List.of(1L, 2L), firstTwo.stream().map(e -> e.get("sequence").asLong()).toList());
        assertEquals(eventIds(firstTwo), eventIds(consume(stream, "billing", "OrderPlaced", 2)),
                "reading does not move the offset");

        acknowledgeOk(stream, "billing", ids.get(1));
        assertEquals(ids.subList(2, 3), eventIds(consume(stream, "billing", "OrderPlaced", 10)));

        acknowledgeOk(stream, "billing", ids.get(0));
        acknowledgeOk(stream, "billing", ids.get(1));
        assertEquals(ids.subList(2, 3), eventIds(consume(stream, "billing", "OrderPlaced", 10)),
                "acknowledging an older or the same event is a no-op");

        assertEquals(1, consume(stream, "billing", "OrderPaid", 10).size(), "other event names are untouched");
        assertEquals(ids, eventIds(consume(stream, "shipping", "OrderPlaced", 10)), "other consumers are untouched");
        assertEquals(List.of(), consume(stream, "billing", "Unknown", 10));
    }

    @Test
    void theDocumentComesBackAsPublished() throws Exception {
        String stream = uniqueStream();
        String body = """
                {"event":{"name":"OrderPlaced","version":3,"schema":"https://example.com/s"},
                 "system":{"id":"alv123","name":"codello alvine","time":"2017-09-06T13:58:12.250",
                           "timezone":"America/Argentina/Buenos_Aires","host":"h1"},
                 "trigger":{"type":"system","name":"/path/to/script.php","user":{"id":7}},
                 "payload":{"big":123456789012345678901234567890123,"price":19.990,"tiny":1.5e-300,
                            "text":"Grüße \\u0000 😀 \\"quoted\\"","nested":{"a":[1,{"b":[true,false,null]}]},
                            "empty":{},"list":[]}}
                """;
        String id = publishOk(stream, "shop", body);

        JsonNode received = consume(stream, "billing", "OrderPlaced", 1).getFirst();

        ObjectNode withoutMetadata = ((ObjectNode) received.deepCopy());
        assertEquals(id, withoutMetadata.remove("eventId").asText());
        withoutMetadata.remove("sequence");
        withoutMetadata.remove("receivedAt");
        assertEquals(JSON.readTree(body), withoutMetadata);
        assertEquals(new BigDecimal("19.990"), received.at("/payload/price").decimalValue());
        assertEquals("123456789012345678901234567890123", received.at("/payload/big").bigIntegerValue().toString());
    }

    @Test
    void aSecondProducerIsLockedOutAndStoresNothing() {
        String stream = uniqueStream();
        publishOk(stream, "shop", event("OrderPlaced", "{}"));

        HttpResponse<String> locked = http.publish(stream, "intruder", event("OrderPlaced", "{}"));

        assertEquals(423, locked.statusCode());
        assertEquals("\"Locked - Second writers not allowed\"", locked.body());
        assertEquals(1, consume(stream, "billing", "OrderPlaced", 10).size());
    }

    @Test
    void rejectedPublishesLeaveNothingBehind() {
        String stream = uniqueStream();
        List<HttpResponse<String>> rejected = List.of(
                http.publish(stream, "first", "{not json"),
                http.publish(stream, "first", event("OrderPlaced", "{}").replace("\"version\":1", "\"version\":0")),
                http.publish(stream, "first", event("OrderPlaced", "{\"big\":\"" + "x".repeat(1_100_000) + "\"}")),
                http.publish(stream, "first", event("OrderPlaced", "[]")),
                http.send(http.request("/api/v1/streams/" + stream + "/events").header("X-Producer-ID", "first")
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(event("OrderPlaced", "{}")))));
        for (HttpResponse<String> response : rejected) {
            assertTrue(response.statusCode() == 400 || response.statusCode() == 413, response.body());
        }

        assertEquals(404, http.consume(stream, "billing", "OrderPlaced", 10).statusCode(),
                "the stream was not created");
        publishOk(stream, "second", event("OrderPlaced", "{}"));
        assertEquals(1, consume(stream, "billing", "OrderPlaced", 10).size());
    }

    @Test
    void producersRacingToCreateAStreamHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 5; round++) {
            String stream = uniqueStream();
            int producers = 6;
            int requestsEach = 4;
            ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(producers * requestsEach)) {
                List<Future<?>> requests = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    String producer = "producer-" + p;
                    for (int r = 0; r < requestsEach; r++) {
                        requests.add(pool.submit(() -> {
                            go.await();
                            HttpResponse<String> response = http.publish(stream, producer, event("Created", "{}"));
                            statuses.add(response.statusCode());
                            if (response.statusCode() == 200) {
                                winners.add(producer);
                            }
                            return null;
                        }));
                    }
                }
                go.countDown();
                for (Future<?> request : requests) {
                    request.get(60, TimeUnit.SECONDS);
                }
            }
            assertEquals(1, new HashSet<>(winners).size(), "exactly one owner in round " + round);
            assertEquals(requestsEach, winners.size(), "all of the owner's publishes succeed");
            assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 423), statuses.toString());
            assertEquals(requestsEach, consume(stream, "billing", "Created", 100).size(),
                    "the losers stored nothing");
        }
    }

    /**
     * Several consumers (with different batch sizes) read and acknowledge while eight connections publish to the
     * same stream: each consumer sees every event exactly once, in sequence order, without gaps. Repeated, so that
     * a race has more than one chance to show.
     */
    @Test
    void consumersAcknowledgingWhilePublishersWriteSeeEveryEventExactlyOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            String stream = uniqueStream();
            publishOk(stream, "shop", event("Tick", "{}"));
            int publishers = 8;
            int perPublisher = 20;
            int total = publishers * perPublisher + 1;
            Set<String> published = Collections.synchronizedSet(new HashSet<>());
            AtomicBoolean publishing = new AtomicBoolean(true);
            List<Integer> batchSizes = List.of(1, 7, 50);
            List<List<JsonNode>> deliveries = new ArrayList<>();

            try (ExecutorService pool = Executors.newFixedThreadPool(publishers + batchSizes.size())) {
                List<Future<List<JsonNode>>> consumers = new ArrayList<>();
                for (int c = 0; c < batchSizes.size(); c++) {
                    String consumer = "consumer-" + c;
                    int batchSize = batchSizes.get(c);
                    consumers.add(pool.submit(() -> consumeUntil(stream, consumer, batchSize, publishing, total)));
                }
                List<Future<?>> writers = new ArrayList<>();
                for (int p = 0; p < publishers; p++) {
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < perPublisher; i++) {
                            published.add(publishOk(stream, "shop", event("Tick", "{\"i\":" + i + "}")));
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get(120, TimeUnit.SECONDS);
                }
                publishing.set(false);
                for (Future<List<JsonNode>> consumer : consumers) {
                    deliveries.add(consumer.get(180, TimeUnit.SECONDS));
                }
            }

            for (List<JsonNode> delivered : deliveries) {
                List<String> ids = eventIds(delivered);
                assertEquals(total, ids.size(), "round " + round + ": no event delivered twice or skipped");
                assertEquals(total, new HashSet<>(ids).size());
                assertTrue(ids.containsAll(published));
                for (int i = 0; i < delivered.size(); i++) {
                    assertEquals(i + 1, delivered.get(i).get("sequence").asLong(), "in sequence order, no gaps");
                }
            }
        }
    }

    /** Reads and acknowledges batches until publishing has stopped and {@code total} events were delivered. */
    private static List<JsonNode> consumeUntil(String stream, String consumer, int batchSize, AtomicBoolean publishing,
                                               int total) {
        List<JsonNode> delivered = new ArrayList<>();
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((publishing.get() || delivered.size() < total) && System.nanoTime() < giveUpAt) {
            List<JsonNode> batch = consume(stream, consumer, "Tick", batchSize);
            delivered.addAll(batch);
            if (!batch.isEmpty()) {
                acknowledgeOk(stream, consumer, batch.getLast().get("eventId").asText());
            }
        }
        return delivered;
    }

    @Test
    void concurrentAcknowledgementsEndAtTheHighest() throws Exception {
        String stream = uniqueStream();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(publishOk(stream, "shop", event("Tick", "{}")));
        }
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled);
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            List<Future<?>> acks = new ArrayList<>();
            for (String id : shuffled) {
                acks.add(pool.submit(() -> acknowledgeOk(stream, "billing", id)));
            }
            for (Future<?> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
        assertEquals(List.of(), consume(stream, "billing", "Tick", 100));
    }

    @Test
    void unknownStreamsAndForeignEventsAreNotFound() {
        String stream = uniqueStream();
        String other = uniqueStream();
        String id = publishOk(stream, "shop", event("OrderPlaced", "{}"));
        publishOk(other, "shop", event("OrderPlaced", "{}"));

        HttpResponse<String> unknownStream = http.consume(uniqueStream(), "billing", "OrderPlaced", 1);
        assertEquals(404, unknownStream.statusCode());
        assertTrue(unknownStream.body().startsWith("\"Not Found - "));
        assertEquals(404, http.acknowledge(uniqueStream(), "billing", id).statusCode());
        assertEquals(404, http.acknowledge(other, "billing", id).statusCode());
        assertEquals(404, http.acknowledge(stream, "billing", UUID.randomUUID().toString()).statusCode());
        assertEquals(1, consume(other, "billing", "OrderPlaced", 10).size(), "nothing was acknowledged in other");
    }

    @Test
    void healthIsPublicAndReportsTheDatabase() {
        HttpResponse<String> health = new HttpTestClient(server.port()).send(
                new HttpTestClient(server.port()).request("/observe/health").GET());

        assertEquals(200, health.statusCode());
        assertTrue(health.body().startsWith("{\"status\":\"UP\""), health.body());
        assertTrue(health.body().contains("{\"name\":\"database\",\"status\":\"UP\"}"), health.body());
        assertEquals("application/json; charset=utf-8", health.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void hostileEventNamesAreJustData() {
        String stream = uniqueStream();
        String hostile = "x'); DROP TABLE events; --";
        String body = event("NAME", "{}").replace("\"NAME\"", "\"" + hostile + "\"");
        String id = publishOk(stream, "shop", body);

        List<JsonNode> events = consume(stream, "billing",
                java.net.URLEncoder.encode(hostile, java.nio.charset.StandardCharsets.UTF_8), 10);

        assertEquals(List.of(id), eventIds(events));
        assertEquals(hostile, events.getFirst().at("/event/name").asText());
    }

    /**
     * Issue 29, point 1: a stream has at most {@code api.max-event-names} event names. One more is refused with
     * 422 and the exact words of the issue, whether alone, in a batch or with an idempotency key, and nothing of it
     * is stored — its key neither — while the stream's names keep taking events.
     */
    @Test
    void aStreamTakesAtMostTheConfiguredNumberOfEventNames() throws Exception {
        String stream = uniqueStream();
        List<String> first = new ArrayList<>();
        for (int n = 1; n <= MAX_EVENT_NAMES; n++) {
            first.add(event("Name" + n, "{}"));
        }
        HttpResponse<String> created = http.publish(stream, "shop", "[" + String.join(",", first) + "]");
        assertEquals(200, created.statusCode(), created.body());
        String refusal = "\"Unprocessable Content - stream " + stream + " already has " + MAX_EVENT_NAMES
                + " event names (api.max-event-names)\"";

        HttpResponse<String> one = http.publish(stream, "shop", event("OneTooMany", "{}"));
        assertEquals(422, one.statusCode());
        assertEquals(refusal, one.body());
        HttpResponse<String> batch = http.publish(stream, "shop", "[" + event("Name1", "{}") + ","
                + event("OneTooMany", "{}") + "]");
        assertEquals(422, batch.statusCode());
        assertEquals(refusal, batch.body());
        HttpResponse<String> keyed = http.send(http.request("/api/v1/streams/" + stream + "/events")
                .header("X-Producer-ID", "shop").header("Content-Type", "application/json")
                .header("Idempotency-Key", "names-" + stream)
                .POST(HttpRequest.BodyPublishers.ofString(event("OneTooMany", "{}"))));
        assertEquals(422, keyed.statusCode());
        assertEquals(refusal, keyed.body());

        assertEquals(0, consume(stream, "checker", "OneTooMany", 10).size());
        assertEquals(1, consume(stream, "checker", "Name1", 10).size(), "the refused batch stored nothing");
        HttpResponse<String> sameKey = http.send(http.request("/api/v1/streams/" + stream + "/events")
                .header("X-Producer-ID", "shop").header("Content-Type", "application/json")
                .header("Idempotency-Key", "names-" + stream)
                .POST(HttpRequest.BodyPublishers.ofString(event("Name2", "{\"other\":1}"))));
        assertEquals(200, sameKey.statusCode(), "the refused request recorded no key: " + sameKey.body());
        assertTrue(sameKey.headers().firstValue("Idempotent-Replayed").isEmpty());
        publishOk(stream, "shop", event("Name" + MAX_EVENT_NAMES, "{}"));
        JsonNode described = JSON.readTree(http.send(http.request("/api/v1/streams/" + stream).GET()).body());
        assertEquals(MAX_EVENT_NAMES + 2, described.get("eventCount").asInt());
    }

    /** Issue 24 on every engine: a leased read, a per-event ACK and a batch ACK. */
    @Test
    void aLeasedReadIsFinishedEventByEvent() throws Exception {
        String stream = uniqueStream();
        String first = publishOk(stream, "shop", event("OrderPlaced", "{\"i\":1}"));
        String second = publishOk(stream, "shop", event("OrderPlaced", "{\"i\":2}"));
        String events = "/api/v1/streams/" + stream + "/events";
        HttpResponse<String> leased = http.send(http.request(events + "?eventName=OrderPlaced&limit=5&lease=30")
                .header("X-Consumer-ID", "leasing").GET());
        HttpResponse<String> batch = http.send(http.request("/api/v1/streams/" + stream + "/acknowledgements")
                .header("X-Consumer-ID", "leasing").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"ACK\",\"eventIds\":[\"" + second + "\"]}")));
        assertEquals(200, leased.statusCode(), leased.body());
        JsonNode page = JSON.readTree(leased.body());
        assertEquals(2, page.size());
        assertEquals(1, page.get(0).get("deliveries").asInt());
        assertEquals("{\"acknowledged\":1}", batch.body());
        JsonNode cursors = JSON.readTree(http.send(http.request("/api/v1/streams/" + stream + "/consumers").GET())
                .body());
        assertEquals(0, cursors.get(0).get("offset").asLong(), "event 1 is leased, event 2 alone is done");
        assertEquals(1, cursors.get(0).get("inFlight").asLong());
        assertEquals(200, http.acknowledge(stream, "leasing", first).statusCode());
        cursors = JSON.readTree(http.send(http.request("/api/v1/streams/" + stream + "/consumers").GET()).body());
        assertEquals(2, cursors.get(0).get("offset").asLong());
    }

    /** Issue 25 on both engines: retention is stored and read back, or a named capability the engine lacks (501). */
    @Test
    void retentionIsStoredAndReadBackOrAnswered501WhereTheEngineHasNone() throws Exception {
        String stream = uniqueStream();
        publishOk(stream, "shop", event("OrderPlaced", "{\"i\":1}"));
        String path = "/api/v1/streams/" + stream + "/retention";
        HttpResponse<String> changed = http.send(http.request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"maxAge\":\"P7D\"}")));
        HttpResponse<String> read = http.send(http.request(path).GET());
        JsonNode described = JSON.readTree(http.send(http.request("/api/v1/streams/" + stream).GET()).body());
        if (!retention()) {
            String refused = "\"Not Implemented - retention is not available on storage.kind kafka yet\"";
            assertEquals(501, changed.statusCode(), changed.body());
            assertEquals(refused, changed.body());
            assertEquals(501, read.statusCode(), read.body());
            assertFalse(described.has("retention"), described.toString());
            return;
        }
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals("{\"maxAge\":\"P7D\",\"maxEvents\":null}", changed.body());
        assertEquals(changed.body(), read.body());
        assertEquals(changed.body(), described.get("retention").toString());
        assertEquals(1, described.get("firstSequences").get("OrderPlaced").asLong());
    }

    /** Whether the engine has retention (issue 25). */
    boolean retention() {
        return true;
    }

    static String uniqueStream() {
        return "e2e-" + UUID.randomUUID();
    }

    private static String publishOk(String stream, String producer, String body) {
        HttpResponse<String> response = http.publish(stream, producer, body);
        assertEquals(200, response.statusCode(), response.body());
        String id = response.body().substring(1, response.body().length() - 1);
        assertEquals(UUID.fromString(id).toString(), id, "a lowercase UUID");
        return id;
    }

    private static void acknowledgeOk(String stream, String consumer, String id) {
        HttpResponse<String> response = http.acknowledge(stream, consumer, id);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("\"OK\"", response.body());
    }

    private static List<JsonNode> consume(String stream, String consumer, String eventName, int limit) {
        HttpResponse<String> response = http.consume(stream, consumer, eventName, limit);
        assertEquals(200, response.statusCode(), response.body());
        try {
            List<JsonNode> events = new ArrayList<>();
            JSON.readTree(response.body()).forEach(events::add);
            return events;
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static List<String> eventIds(List<JsonNode> events) {
        return events.stream().map(e -> e.get("eventId").asText()).toList();
    }
}

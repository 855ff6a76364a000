package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.http.LogCapture;
import io.eventserver.adapters.postgres.TestDatabases;
import io.eventserver.application.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 26, end to end on two real server processes' worth of nodes sharing one storage: expected-sequence appends
 * ({@code X-Expected-Sequence}, ADR 64) and the W3C trace context of a publish handed to its consumers (ADR 65).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgreedExchangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private EventServer one;
    private EventServer two;
    private HttpTestClient http;
    private HttpTestClient both;

    /** The storage settings of the nodes under test: one fresh PostgreSQL database ({@link KafkaAgreedExchangeTest}). */
    Map<String, String> storage() {
        return Map.of("db.url", TestDatabases.create().url());
    }

    @BeforeAll
    void start() {
        Map<String, String> settings = new HashMap<>(storage());
        settings.put("api.max-batch-size", "50");
        one = TestServers.start(settings);
        two = TestServers.start(settings);
        http = new HttpTestClient(one.port()).as("alice", "alice-pw");
        both = new HttpTestClient(one.port(), two.port()).as("alice", "alice-pw");
    }

    @AfterAll
    void stop() {
        two.close();
        one.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static HttpResponse<String> publish(HttpTestClient client, String stream, String body,
                                                String... headers) {
        HttpRequest.Builder request = client.request("/api/v1/streams/" + stream + "/events")
                .header("X-Producer-ID", "shop")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request);
    }

    /**
     * Every event of the name, paged through the browse route, once at least {@code atLeast} are visible: a page may
     * be shorter than the events there are (the Kafka engine answers from what it holds in memory, ADR 69), so the
     * pages are read until one is empty.
     */
    private JsonNode consumed(String stream, String eventName, int atLeast) {
        return Eventually.within(Eventually.GENEROUS, () -> {
            ArrayNode all = JSON.createArrayNode();
            long after = 0;
            while (true) {
                HttpResponse<String> page = http.send(http.request("/api/v1/streams/" + stream + "/event-names/"
                        + eventName + "/events?after=" + after + "&limit=1000").GET());
                assertEquals(200, page.statusCode(), page.body());
                JsonNode events = json(page.body());
                if (events.isEmpty()) {
                    return all;
                }
                events.forEach(all::add);
                after = events.get(events.size() - 1).get("sequence").asLong();
            }
        }, all -> all.size() >= atLeast);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    @Test
    void aPublishIsStoredOnlyAfterTheLastSequenceItExpects() {
        String stream = unique("orders");

        HttpResponse<String> first = publish(http, stream, event("Placed", "{\"n\":1}"), "X-Expected-Sequence", "0");
        HttpResponse<String> stale = publish(http, stream, event("Placed", "{\"n\":2}"), "X-Expected-Sequence", "0");
        HttpResponse<String> ahead = publish(http, stream, event("Placed", "{\"n\":3}"), "X-Expected-Sequence", "5");
        HttpResponse<String> second = publish(http, stream, event("Placed", "{\"n\":4}"), "X-Expected-Sequence", "1");

        assertEquals(200, first.statusCode(), first.body());
        assertEquals(409, stale.statusCode(), stale.body());
        assertEquals("Conflict - expected sequence 0 for Placed but the last is 1", json(stale.body()).asText());
        assertEquals("1", stale.headers().firstValue("X-Last-Sequence").orElseThrow());
        assertEquals(409, ahead.statusCode(), ahead.body());
        assertEquals("1", ahead.headers().firstValue("X-Last-Sequence").orElseThrow());
        assertEquals(200, second.statusCode(), second.body());
        JsonNode stored = consumed(stream, "Placed", 2);
        assertEquals(2, stored.size());
        assertEquals(4, stored.get(1).get("payload").get("n").asInt());
    }

    @Test
    void aNewStreamTakesOnlyZero() {
        String stream = unique("fresh");

        HttpResponse<String> refused = publish(http, stream, event("Placed", "{}"), "X-Expected-Sequence", "3");

        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("0", refused.headers().firstValue("X-Last-Sequence").orElseThrow());
        assertEquals(404, http.consume(stream, "reader", "Placed", 10).statusCode(), "no stream was created");
        assertEquals(200, publish(http, stream, event("Placed", "{}"), "X-Expected-Sequence", "0").statusCode());
    }

    @Test
    void aBatchFollowsTheLastSequenceBeforeItAndHasOneEventName() {
        String stream = unique("batches");
        publish(http, stream, event("Placed", "{}"));
        String three = "[" + event("Placed", "{\"i\":1}") + "," + event("Placed", "{\"i\":2}") + ","
                + event("Placed", "{\"i\":3}") + "]";

        HttpResponse<String> mixed = publish(http, stream, "[" + event("Placed", "{}") + "," + event("Paid", "{}")
                + "]", "X-Expected-Sequence", "1");
        HttpResponse<String> stored = publish(http, stream, three, "X-Expected-Sequence", "1");
        HttpResponse<String> again = publish(http, stream, three, "X-Expected-Sequence", "1");

        assertEquals(400, mixed.statusCode(), mixed.body());
        assertTrue(json(mixed.body()).asText().startsWith("Bad Request - ")
                && mixed.body().contains("Placed and Paid"), mixed.body());
        assertEquals(200, stored.statusCode(), stored.body());
        assertEquals(409, again.statusCode(), again.body());
        assertEquals("4", again.headers().firstValue("X-Last-Sequence").orElseThrow());
        assertEquals(4, consumed(stream, "Placed", 4).size());
    }

    @Test
    void aReplayAnswersAsTheFirstTimeAndARefusalRecordsNoKey() {
        String stream = unique("keys");
        String body = event("Placed", "{\"order\":7}");

        HttpResponse<String> refused = publish(http, stream, body, "X-Expected-Sequence", "9",
                "Idempotency-Key", "order-7");
        HttpResponse<String> first = publish(http, stream, body, "X-Expected-Sequence", "0",
                "Idempotency-Key", "order-7");
        HttpResponse<String> replay = publish(http, stream, body, "X-Expected-Sequence", "0",
                "Idempotency-Key", "order-7");

        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals(200, first.statusCode(), first.body());
        assertFalse(first.headers().firstValue("Idempotent-Replayed").isPresent(), "the refusal recorded no key");
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals(first.body(), replay.body());
        assertEquals("true", replay.headers().firstValue("Idempotent-Replayed").orElseThrow());
        assertEquals(1, consumed(stream, "Placed", 1).size());
    }

    @Test
    void ofRacersWithTheSameExpectationOnTwoNodesExactlyOneIsStored() throws Exception {
        String stream = unique("race");
        publish(http, stream, event("Placed", "{}"));
        for (int round = 1; round <= 3; round++) {
            String expected = Integer.toString(round);
            int racers = 10;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
                for (int i = 0; i < racers; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return publish(both, stream, event("Placed", "{}"), "X-Expected-Sequence", expected);
                    }));
                }
                start.countDown();
            }
            int stored = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                if (response.statusCode() == 200) {
                    stored++;
                } else {
                    assertEquals(409, response.statusCode(), response.body());
                    assertEquals(Integer.toString(round + 1),
                            response.headers().firstValue("X-Last-Sequence").orElseThrow());
                }
            }
            assertEquals(1, stored, "round " + round);
        }
        assertEquals(4, consumed(stream, "Placed", 4).size());
    }

    @Test
    void theTraceContextOfAPublishReachesEveryWayOfReadingItsEvents() throws Exception {
        String stream = unique("traced");
        String consumer = unique("reader");
        HttpResponse<String> published = publish(http, stream, "[" + event("Paid", "{\"n\":1}") + ","
                + event("Paid", "{\"n\":2}") + "]", "traceparent", TRACEPARENT, "tracestate", "rojo=00f067aa0ba902b7",
                "tracestate", "congo=t61rcWkgMzE");
        publish(http, stream, event("Paid", "{\"n\":3}"));
        publish(http, stream, event("Paid", "{\"n\":4}"), "traceparent", TRACEPARENT.toUpperCase(),
                "tracestate", "rojo=1");
        assertEquals(200, published.statusCode(), published.body());
        String firstId = json(published.body()).get(0).asText();

        JsonNode page = consumed(stream, "Paid", 4);
        assertTraced(page.get(0));
        assertTraced(page.get(1));
        for (int i = 2; i < 4; i++) {
            assertFalse(page.get(i).has("traceparent"), page.get(i).toString());
            assertFalse(page.get(i).has("tracestate"), page.get(i).toString());
        }
        assertTraced(json(http.send(http.request("/api/v1/streams/" + stream + "/events/" + firstId).GET()).body()));
        assertTraced(json(http.send(http.request("/api/v1/streams/" + stream + "/event-names/Paid/events?limit=1")
                .GET()).body()).get(0));
        HttpResponse<String> leased = http.send(http.request("/api/v1/streams/" + stream
                + "/events?eventName=Paid&limit=1&lease=30").header("X-Consumer-ID", consumer).GET());
        if (leased.statusCode() != 501) {
            assertEquals(200, leased.statusCode(), leased.body());
            assertTraced(json(leased.body()).get(0));
        }
        EventStreamTest.Opened sse = EventStreamTest.open(http.request("/api/v1/streams/" + stream
                + "/events?eventName=Paid").header("X-Consumer-ID", unique("streamer")));
        try {
            List<String> first = sse.nextEvent();
            assertTraced(json(first.get(first.size() - 1).substring("data: ".length())));
        } finally {
            sse.response().body().close();
        }
    }

    private static void assertTraced(JsonNode element) {
        assertEquals(TRACEPARENT, element.path("traceparent").asText(), element.toString());
        assertEquals("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", element.path("tracestate").asText(),
                element.toString());
    }

    @Test
    void theAccessLogLineCarriesTheTraceIdOfARequest() {
        try (LogCapture access = LogCapture.of("eventserver.access", Level.INFO)) {
            String stream = unique("logged");
            publish(http, stream, event("Paid", "{}"), "traceparent", TRACEPARENT);
            publish(http, stream, event("Paid", "{}"), "traceparent", "00-nonsense");
            List<String> lines = Eventually.within(Eventually.GENEROUS, access::lines,
                    written -> written.stream().filter(line -> line.contains("method=POST")).count() >= 2);
            assertTrue(lines.stream().anyMatch(line -> line.contains(" trace_id=4bf92f3577b34da6a3ce929d0e0e4736")),
                    lines.toString());
            assertEquals(1, lines.stream().filter(line -> line.contains("trace_id=")).count(), lines.toString());
        }
    }

    @Test
    void anInvalidTraceparentIsIgnoredNeverRefused() {
        String stream = unique("untraced");
        for (String invalid : List.of("00-00000000000000000000000000000000-00f067aa0ba902b7-01", "garbage",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")) {
            HttpResponse<String> answer = publish(http, stream, event("Paid", "{}"), "traceparent", invalid,
                    "tracestate", "rojo=1");
            assertEquals(200, answer.statusCode(), invalid + ": " + answer.body());
        }
        for (JsonNode element : consumed(stream, "Paid", 3)) {
            assertFalse(element.has("traceparent"), element.toString());
            assertFalse(element.has("tracestate"), element.toString());
        }
        assertNotNull(stream);
    }
}

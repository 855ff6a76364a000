package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.http.LogCapture;
import io.eventserver.adapters.postgres.DatabaseSettings;
import io.eventserver.adapters.postgres.TestDatabases;
import io.eventserver.application.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator endpoints, health, metrics, OpenAPI and access log, end to end on a real PostgreSQL. */
class OperabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DatabaseSettings database;
    private static EventServer server;
    private static HttpTestClient http;
    private static HttpTestClient admin;
    private static HttpTestClient anonymous;

    @BeforeAll
    static void start() {
        database = TestDatabases.create();
        server = TestServers.start(Map.of("db.url", database.url(), "metrics.lag-refresh-interval", "PT0.2S"));
        http = new HttpTestClient(server.port()).as("alice", "alice-pw");
        admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        anonymous = new HttpTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void streamsAreListedPageByPageAndDescribed() throws Exception {
        String prefix = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        for (String suffix : List.of("-b", "-a", "-c")) {
            publish(prefix + suffix, "producer" + suffix, "Created");
        }
        publish(prefix + "-a", "producer-a", "Paid");

        JsonNode first = json(http.send(http.request("/api/v1/streams?limit=2&after=" + prefix).GET()));
        assertEquals(List.of(prefix + "-a", prefix + "-b"), names(first.get("streams")));
        assertEquals(prefix + "-b", first.get("next").asText());
        JsonNode second = json(http.send(http.request("/api/v1/streams?limit=2&after=" + prefix + "-b").GET()));
        assertEquals(prefix + "-c", second.get("streams").get(0).get("name").asText());

        JsonNode a = json(http.send(http.request("/api/v1/streams/" + prefix + "-a").GET()));
        assertEquals("producer-a", a.get("owner").asText());
        assertEquals(2, a.get("eventCount").asInt());
        assertEquals(1, a.at("/eventCounts/Created").asInt());
        assertEquals(1, a.at("/eventCounts/Paid").asInt());
        assertEquals(2, a.get("eventNameCount").asInt());
        assertFalse(a.get("lastEventAt").isNull());

        assertEquals(404, http.send(http.request("/api/v1/streams/" + prefix + "-none").GET()).statusCode());
        assertEquals(401, anonymous.send(anonymous.request("/api/v1/streams").GET()).statusCode());
        assertEquals(400, http.send(http.request("/api/v1/streams?limit=0").GET()).statusCode());
    }

    /**
     * Issue 29, point 1: one GET of a stream with 200,000 event names ran the server out of memory. A stream's
     * document (alone or in the list) carries the counts of its 100 most recent names plus how many it has; the
     * event-names route pages through all of them; the consumers come in pages too, the next named by a Link header.
     */
    @Test
    void aStreamsDocumentIsBoundedAndItsEventNamesAndConsumersComeInPages() throws Exception {
        String stream = EndToEndTest.uniqueStream();
        List<String> names = new ArrayList<>();
        StringBuilder batch = new StringBuilder("[");
        for (int n = 0; n < 150; n++) {
            names.add(String.format("Name%03d", n));
            batch.append(n == 0 ? "" : ",").append(event(names.getLast(), "{}"));
        }
        assertEquals(200, http.publish(stream, "shop", batch.append(']').toString()).statusCode());
        String newest = publish(stream, "shop", "Name149");

        JsonNode described = json(http.send(http.request("/api/v1/streams/" + stream).GET()));
        assertEquals(100, described.get("eventCounts").size());
        assertEquals(2, described.at("/eventCounts/Name149").asInt(), "the name with the newest event is shown");
        assertEquals(150, described.get("eventNameCount").asInt());
        assertEquals(151, described.get("eventCount").asInt());
        JsonNode event = json(http.send(http.request("/api/v1/streams/" + stream + "/events/" + newest).GET()));
        assertEquals(event.get("receivedAt").asText(), described.get("lastEventAt").asText());
        JsonNode listed = json(http.send(http.request("/api/v1/streams?limit=1&after="
                + stream.substring(0, stream.length() - 1)).GET())).get("streams").get(0);
        // The list carries the stream's summary; the retention in force and the first stored sequences (issue 25)
        // cost look-ups per stream and are on the stream's own document only (ADR 60).
        com.fasterxml.jackson.databind.node.ObjectNode summary = described.deepCopy();
        summary.remove(List.of("retention", "firstSequences"));
        assertEquals(summary, listed);

        List<String> paged = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = json(http.send(http.request("/api/v1/streams/" + stream + "/event-names?limit=60"
                    + (after == null ? "" : "&after=" + after)).GET()));
            page.get("eventNames").forEach(name -> {
                paged.add(name.get("name").asText());
                assertEquals(name.get("name").asText().equals("Name149") ? 2 : 1, name.get("count").asInt());
                assertEquals(name.get("count").asInt(), name.get("lastSequence").asInt());
            });
            after = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (after != null);
        assertEquals(names, paged, "every name once, in order");
        assertEquals(3, pages);
        assertEquals(100, json(http.send(http.request("/api/v1/streams/" + stream + "/event-names").GET()))
                .get("eventNames").size(), "100 by default");
        assertEquals(400, http.send(http.request("/api/v1/streams/" + stream + "/event-names?limit=1001").GET())
                .statusCode());
        assertEquals(404, http.send(http.request("/api/v1/streams/" + EndToEndTest.uniqueStream() + "/event-names")
                .GET()).statusCode());

        String first = json(http.consume(stream, "c", "Name000", 1)).get(0).get("eventId").asText();
        for (String consumer : List.of("c1", "c2", "c3")) {
            acknowledge(stream, consumer, first);
        }
        List<String> consumers = new ArrayList<>();
        String next = "/api/v1/streams/" + stream + "/consumers?limit=2";
        while (next != null) {
            HttpResponse<String> page = http.send(http.request(next).GET());
            json(page).forEach(lag -> consumers.add(lag.get("consumerId").asText()));
            next = page.headers().firstValue("Link").map(link -> link.substring(1, link.indexOf('>'))).orElse(null);
        }
        assertEquals(List.of("c1", "c2", "c3"), consumers);
    }

    @Test
    void consumerLagIsExact() throws Exception {
        String stream = EndToEndTest.uniqueStream();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(publish(stream, "shop", "Created"));
        }
        publish(stream, "shop", "Paid");
        acknowledge(stream, "billing", ids.get(1));
        acknowledge(stream, "audit", ids.get(4));
        JsonNode third = json(http.send(http.request("/api/v1/streams/" + stream + "/events/" + ids.get(2)).GET()));

        JsonNode consumers = json(http.send(http.request("/api/v1/streams/" + stream + "/consumers").GET()));

        assertEquals(2, consumers.size());
        JsonNode audit = consumers.get(0);
        assertEquals("audit", audit.get("consumerId").asText());
        assertEquals(5, audit.get("offset").asInt());
        assertEquals(0, audit.get("lag").asInt());
        assertTrue(audit.get("oldestUnacknowledgedAt").isNull());
        assertEquals(0.0, audit.get("timeLagSeconds").asDouble());
        JsonNode billing = consumers.get(1);
        assertEquals("Created", billing.get("eventName").asText());
        assertEquals(2, billing.get("offset").asInt());
        assertEquals(5, billing.get("lastSequence").asInt());
        assertEquals(3, billing.get("lag").asInt());
        assertEquals(third.get("receivedAt").asText(), billing.get("oldestUnacknowledgedAt").asText());
        assertTrue(billing.get("timeLagSeconds").asDouble() >= 0);
        assertEquals(404, http.send(http.request("/api/v1/streams/" + EndToEndTest.uniqueStream() + "/consumers")
                .GET()).statusCode());
    }

    @Test
    void oneEventIsLookedUpByIdWithItsMetadata() throws Exception {
        String stream = EndToEndTest.uniqueStream();
        publish(stream, "shop", "Created");
        String id = publish(stream, "shop", "Created");

        JsonNode event = json(http.send(http.request("/api/v1/streams/" + stream + "/events/" + id).GET()));

        assertEquals(id, event.get("eventId").asText());
        assertEquals("Created", event.get("eventName").asText());
        assertEquals(2, event.get("sequence").asInt());
        assertFalse(event.get("receivedAt").asText().isEmpty());
        assertEquals("alv123", event.at("/system/id").asText());
        assertEquals(404, http.send(http.request("/api/v1/streams/" + EndToEndTest.uniqueStream() + "/events/" + id)
                .GET()).statusCode());
        assertEquals(400, http.send(http.request("/api/v1/streams/" + stream + "/events/nope").GET()).statusCode());
    }

    @Test
    void anAdminResetsOffsetsAndOthersCannot() throws Exception {
        String stream = EndToEndTest.uniqueStream();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(publish(stream, "shop", "Created"));
        }
        acknowledge(stream, "billing", ids.get(4));
        String path = "/api/v1/streams/" + stream + "/consumers/billing/offsets/Created";

        assertEquals(401, reset(anonymous, path, "{\"sequence\":0}").statusCode());
        HttpResponse<String> forbidden = reset(http, path, "{\"sequence\":0}");
        assertEquals(403, forbidden.statusCode());
        assertEquals("\"Forbidden - the admin role is required\"", forbidden.body());

        HttpResponse<String> replay = reset(admin, path, "{\"sequence\":0}");
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals(5, json(replay).get("previousOffset").asInt());
        assertEquals(5, json(http.consume(stream, "billing", "Created", 10)).size(), "replays from the start");

        HttpResponse<String> created = reset(admin, "/api/v1/streams/" + stream + "/consumers/newcomer/offsets/Created",
                "{\"sequence\":3}");
        assertEquals(200, created.statusCode());
        assertEquals(2, json(http.consume(stream, "newcomer", "Created", 10)).size(), "a new cursor was created");

        assertEquals(400, reset(admin, path, "{\"sequence\":6}").statusCode(), "beyond the last event");
        assertEquals(404, reset(admin, "/api/v1/streams/" + stream + "/consumers/billing/offsets/Unknown",
                "{\"sequence\":0}").statusCode());
        assertEquals(404, reset(admin, "/api/v1/streams/" + EndToEndTest.uniqueStream()
                + "/consumers/billing/offsets/Created", "{\"sequence\":0}").statusCode());
    }

    /** A reset racing an acknowledgement ends in one of the two states, never a mix. */
    @Test
    void aResetRacingAnAcknowledgementEndsInOneOfTheTwoStates() throws Exception {
        for (int round = 0; round < 15; round++) {
            String stream = EndToEndTest.uniqueStream();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(publish(stream, "shop", "Created"));
            }
            acknowledge(stream, "racer", ids.get(0));
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<Integer> reset = pool.submit(() -> {
                    go.await();
                    return reset(admin, "/api/v1/streams/" + stream + "/consumers/racer/offsets/Created",
                            "{\"sequence\":2}").statusCode();
                });
                Future<Integer> ack = pool.submit(() -> {
                    go.await();
                    return http.acknowledge(stream, "racer", ids.get(4)).statusCode();
                });
                go.countDown();
                assertEquals(200, reset.get(30, TimeUnit.SECONDS));
                assertEquals(200, ack.get(30, TimeUnit.SECONDS));
            }
            int offset = json(http.send(http.request("/api/v1/streams/" + stream + "/consumers").GET()))
                    .get(0).get("offset").asInt();
            assertTrue(offset == 2 || offset == 5, "round " + round + ": offset " + offset);
        }
    }

    @Test
    void metricsFollowPublishesConsumesAcknowledgementsAndLag() throws Exception {
        assertEquals(401, anonymous.send(anonymous.request("/observe/metrics").GET()).statusCode());
        String stream = EndToEndTest.uniqueStream();
        double publishes = metric("eventserver_publishes_total", "status=\"200\"");
        double consumes = metric("eventserver_consumes_total", "status=\"200\"");
        double acknowledgements = metric("eventserver_acknowledgements_total", "status=\"200\"");

        String id = publish(stream, "shop", "Created");
        publish(stream, "shop", "Created");
        publish(stream, "shop", "Created");
        json(http.consume(stream, "lagger", "Created", 1));
        acknowledge(stream, "lagger", id);

        // a request is counted once its answer is sent, which the client may see first
        Eventually.within(Eventually.GENEROUS, () -> {
            assertEquals(publishes + 3, metric("eventserver_publishes_total", "status=\"200\""));
            assertEquals(consumes + 1, metric("eventserver_consumes_total", "status=\"200\""));
            assertEquals(acknowledgements + 1, metric("eventserver_acknowledgements_total", "status=\"200\""));
        });
        assertTrue(metric("eventserver_http_requests_seconds_count",
                "method=\"POST\",route=\"/api/v1/streams/{streamName}/events\"") >= 3);
        assertTrue(metrics().contains("eventserver_db_pool_connections{"));
        String lagSeries = "consumer=\"lagger\",event_name=\"Created\"";
        Eventually.within(Eventually.GENEROUS,
                () -> assertEquals(2.0, metric("eventserver_consumer_lag_events", lagSeries)));
    }

    @Test
    void healthHasLivenessAndReadinessAndIsPublic() throws Exception {
        HttpResponse<String> live = anonymous.send(anonymous.request("/observe/health/live").GET());
        assertEquals(200, live.statusCode());
        HttpResponse<String> ready = anonymous.send(anonymous.request("/observe/health/ready").GET());
        assertEquals(200, ready.statusCode());
        JsonNode checks = JSON.readTree(ready.body());
        assertEquals("UP", checks.get("status").asText(), ready.body());
        Map<String, String> statuses = new TreeMap<>();
        checks.get("checks").forEach(check -> statuses.put(check.get("name").asText(), check.get("status").asText()));
        assertEquals(Map.of("listener", "UP", "shutdown", "UP", "threads", "UP", "database", "UP", "migrations", "UP"),
                statuses,
                ready.body());
    }

    @Test
    void theOpenApiDocumentIsServedPublicly() throws Exception {
        HttpResponse<String> openapi = anonymous.send(anonymous.request("/openapi").GET());
        assertEquals(200, openapi.statusCode());
        assertEquals("3.0.3", JSON.readTree(openapi.body()).get("openapi").asText());
        assertTrue(JSON.readTree(openapi.body()).get("paths").has("/api/v1/streams/{streamName}/consumers"));
    }

    @Test
    void everyRequestIsLoggedOnceWithItsRequestId() throws Exception {
        List<String> lines;
        try (LogCapture access = LogCapture.of("eventserver.access", Level.INFO)) {
            HttpResponse<String> response = http.send(http.request("/api/v1/streams/" + EndToEndTest.uniqueStream())
                    .header("X-Request-ID", "trace-123").GET());
            assertEquals("trace-123", response.headers().firstValue("X-Request-ID").orElseThrow());
            lines = Eventually.within(Eventually.GENEROUS, access::lines,
                    written -> written.stream().anyMatch(l -> l.contains("trace-123")));
        }
        List<String> ours = lines.stream().filter(l -> l.contains("request_id=trace-123")).toList();
        assertEquals(1, ours.size(), lines.toString());
        assertTrue(ours.getFirst().contains("method=GET route=/api/v1/streams/{streamName} status=404"), ours.get(0));
        assertTrue(ours.getFirst().contains("principal=alice"), ours.get(0));
    }

    /**
     * Prometheus conventions: one type per family, only the documented families and labels, no client-side
     * quantiles under a histogram, and the series of a route bounded by its buckets.
     */
    @Test
    void metricsFollowPrometheusConventions() throws Exception {
        for (int i = 0; i < 20; i++) {
            http.send(http.request("/api/v1/streams?limit=1").GET());
        }
        String text = metrics();
        Map<String, String> types = new TreeMap<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# TYPE eventserver_")) {
                String[] parts = line.split(" ");
                assertEquals(null, types.put(parts[2], parts[3]), "one TYPE per family: " + parts[2]);
            }
        }
        assertTrue(Set.of("eventserver_http_requests_seconds", "eventserver_http_requests_seconds_max",
                "eventserver_http_connections", "eventserver_access_log_suppressed_total",
                "eventserver_db_pool_connections", "eventserver_db_pool_waiting_requests").stream()
                .allMatch(types::containsKey), types.toString());
        assertEquals("histogram", types.get("eventserver_http_requests_seconds"));
        List<String> route = text.lines()
                .filter(l -> l.startsWith("eventserver_http_requests_seconds") && l.contains("route=\"/api/v1/streams\"")
                        && l.contains("status=\"200\""))
                .toList();
        assertTrue(route.stream().noneMatch(l -> l.contains("quantile=")), String.join("\n", route));
        // 14 buckets (13 bounds and +Inf), count, sum, and the _max gauge
        assertEquals(17, route.size(), String.join("\n", route));
    }

    /**
     * Issue 29, point 9: a full disk (SQL state 53100; PostgreSQL raises it when it cannot extend a file) answered
     * 500 before it answered 503. It is the database being unavailable: 503 with Retry-After, nothing stored, and the
     * next publish succeeds once there is room again. A trigger raises 53100 on every event insert.
     */
    @Test
    void aFullDiskAnswers503AndStoresNothing() throws Exception {
        String stream = EndToEndTest.uniqueStream();
        publish(stream, "shop", "Created");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.url());
             var statement = connection.createStatement()) {
            statement.execute("create function disk_full() returns trigger language plpgsql as $$ begin "
                    + "raise exception 'could not extend file: No space left on device' using errcode = '53100'; "
                    + "end $$");
            statement.execute("create trigger disk_full before insert on events for each statement "
                    + "execute function disk_full()");
            try {
                for (String target : List.of(stream, EndToEndTest.uniqueStream())) {
                    HttpResponse<String> full = http.publish(target, "shop", event("Created", "{}"));
                    assertEquals(503, full.statusCode(), full.body());
                    assertEquals("\"Service Unavailable - database unavailable\"", full.body());
                    assertEquals("1", full.headers().firstValue("Retry-After").orElse(""));
                }
            } finally {
                statement.execute("drop trigger disk_full on events");
            }
        }
        JsonNode after = json(http.send(http.request("/api/v1/streams/" + stream).GET()));
        assertEquals(1, after.get("eventCount").asInt(), "the refused publish stored nothing");
        publish(stream, "shop", "Created");
    }

    private static String metrics() {
        HttpResponse<String> response = admin.send(admin.request("/observe/metrics")
                .header("Accept", "text/plain").GET());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label}; 0 when none. */
    private static double metric(String name, String label) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{(.*)}\\s+(\\S+)$").matcher(metrics());
        while (sample.find()) {
            if (sample.group(1).contains(label)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        return 0;
    }

    private static String publish(String stream, String producer, String eventName) {
        HttpResponse<String> response = http.publish(stream, producer, event(eventName, "{}"));
        assertEquals(200, response.statusCode(), response.body());
        return response.body().replace("\"", "");
    }

    private static void acknowledge(String stream, String consumer, String id) {
        assertEquals(200, http.acknowledge(stream, consumer, id).statusCode());
    }

    private static HttpResponse<String> reset(HttpTestClient client, String path, String body) {
        return client.send(client.request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static List<String> names(JsonNode streams) {
        List<String> names = new ArrayList<>();
        streams.forEach(stream -> names.add(stream.get("name").asText()));
        return names;
    }
}

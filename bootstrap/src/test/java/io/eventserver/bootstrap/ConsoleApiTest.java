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
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the web console needs from the server (issue 14), over real HTTP: its static files, public and locked down
 * by a content security policy; {@code /api/v1/me}; browsing and tailing events without a consumer id; the stream
 * filter. The console itself is driven in a real browser by {@code ConsoleBrowserIT}.
 */
class ConsoleApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventServer server;
    private static HttpTestClient alice;
    private static HttpTestClient anonymous;

    @BeforeAll
    static void start() {
        server = TestServers.start(Map.of("db.url", TestDatabases.create().url()));
        anonymous = new HttpTestClient(server.port());
        alice = new HttpTestClient(server.port()).as("alice", "alice-pw");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void theConsoleIsServedWithoutCredentialsFromItsOwnFilesOnly() {
        for (String path : List.of("/console", "/console/")) {
            HttpResponse<String> index = anonymous.send(anonymous.request(path).GET());
            assertEquals(200, index.statusCode(), path);
            assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(index.body().contains("<script type=\"module\" src=\"/console/app.js\">"), index.body());
            String policy = index.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertTrue(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
            assertEquals("nosniff", index.headers().firstValue("X-Content-Type-Options").orElseThrow());
        }
        Map<String, String> types = Map.of(
                "/console/app.js", "text/javascript; charset=utf-8",
                "/console/views/stream.js", "text/javascript; charset=utf-8",
                "/console/console.css", "text/css; charset=utf-8",
                "/console/vendor/uPlot.esm.js", "text/javascript; charset=utf-8",
                "/console/vendor/uPlot.min.css", "text/css; charset=utf-8");
        types.forEach((path, type) -> {
            HttpResponse<String> file = anonymous.send(anonymous.request(path).GET());
            assertEquals(200, file.statusCode(), path);
            assertEquals(type, file.headers().firstValue("Content-Type").orElseThrow(), path);
        });
        assertTrue(anonymous.send(anonymous.request("/console/vendor/uPlot.esm.js").GET()).body()
                .contains("export { uPlot as default }"), "uPlot comes from its WebJar");

        for (String path : List.of("/console/nothing.js", "/console/META-INF/MANIFEST.MF",
                "/console/console/app.js", "/console/views", "/console/%2e%2e/openapi.json",
                "/console/..%2fopenapi.json", "/console/vendor/uPlot.cjs.js")) {
            HttpResponse<String> missing = anonymous.send(anonymous.request(path).GET());
            assertEquals(404, missing.statusCode(), path + ": " + missing.body());
            assertTrue(missing.body().startsWith("\"Not Found"), path + ": " + missing.body());
        }
        HttpResponse<String> post = anonymous.send(anonymous.request("/console/app.js")
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, anonymous.send(anonymous.request("/console/")
                .DELETE()).statusCode());
    }

    @Test
    void anUnchangedFileCostsA304() {
        HttpResponse<String> first = anonymous.send(anonymous.request("/console/app.js").GET());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals("no-cache", first.headers().firstValue("Cache-Control").orElseThrow());

        HttpResponse<String> again = anonymous.send(anonymous.request("/console/app.js")
                .header("If-None-Match", etag).GET());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(200, anonymous.send(anonymous.request("/console/app.js")
                .header("If-None-Match", "\"other\"").GET()).statusCode());
    }

    @Test
    void meTellsTheCallerItsRolesAndTheGrantsInEffect() throws Exception {
        JsonNode me = json(alice.send(alice.request("/api/v1/me").GET()));
        assertEquals("alice", me.get("login").asText());
        assertEquals(0, me.get("roles").size());
        assertEquals("[{\"streams\":\"*\",\"actions\":[\"publish\",\"consume\"]}]", me.get("grants").toString(),
                "alice has the default grants: all");

        HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        assertEquals("[\"admin\"]", json(admin.send(admin.request("/api/v1/me").GET())).get("roles").toString());

        assertEquals(401, anonymous.send(anonymous.request("/api/v1/me").GET()).statusCode());
        HttpTestClient wrong = new HttpTestClient(server.port()).as("alice", "wrong");
        assertEquals(401, wrong.send(wrong.request("/api/v1/me").GET()).statusCode());
        assertEquals(405, alice.send(alice.request("/api/v1/me").DELETE()).statusCode());
    }

    @Test
    void browsingPagesThroughAnEventNameAfterASequenceAndClaimsNoConsumerId() throws Exception {
        String stream = unique("browse");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(alice.publish(stream, "shop", event("Placed", "{\"n\":" + i + ",\"big\":9007199254740993}"))
                    .body().replace("\"", ""));
        }
        alice.publish(stream, "shop", event("Paid", "{}"));
        String consumersBefore = consumers();

        HttpResponse<String> page = alice.send(alice.request(
                "/api/v1/streams/" + stream + "/event-names/Placed/events?after=1&limit=2").GET());
        assertEquals(200, page.statusCode(), page.body());
        JsonNode events = JSON.readTree(page.body());
        assertEquals(List.of(ids.get(1), ids.get(2)),
                List.of(events.get(0).get("eventId").asText(), events.get(1).get("eventId").asText()));
        assertEquals(2, events.get(0).get("sequence").asLong());
        assertTrue(page.body().contains("\"big\":9007199254740993"), "the document as it was sent");

        JsonNode all = json(alice.send(alice.request("/api/v1/streams/" + stream + "/event-names/Placed/events")
                .GET()));
        assertEquals(5, all.size(), "after defaults to 0");
        assertEquals(0, json(alice.send(alice.request(
                "/api/v1/streams/" + stream + "/event-names/Placed/events?after=5").GET())).size());
        assertEquals(0, json(alice.send(alice.request(
                "/api/v1/streams/" + stream + "/event-names/Unknown/events").GET())).size());
        assertEquals(consumersBefore, consumers(), "browsing claims no consumer id");
    }

    @Test
    void browsingRefusesBadParametersAndUnknownStreams() {
        String stream = unique("browse-bad");
        alice.publish(stream, "shop", event("Placed", "{}"));
        String base = "/api/v1/streams/" + stream + "/event-names/Placed/events";
        for (String query : List.of("?after=-1", "?after=x", "?after=1&after=2", "?limit=0", "?limit=1001",
                "?limit=x")) {
            HttpResponse<String> bad = alice.send(alice.request(base + query).GET());
            assertEquals(400, bad.statusCode(), query + ": " + bad.body());
            assertTrue(bad.body().startsWith("\"Bad Request - "), bad.body());
        }
        assertEquals(404, alice.send(alice.request("/api/v1/streams/" + unique("none")
                + "/event-names/Placed/events").GET()).statusCode());
        assertEquals(401, anonymous.send(anonymous.request(base).GET()).statusCode());
        assertEquals(405, alice.send(alice.request(base).POST(HttpRequest.BodyPublishers.ofString("{}")))
                .statusCode());
    }

    @Test
    void theLiveTailFollowsFromTheGivenSequence() throws Exception {
        String stream = unique("tail");
        alice.publish(stream, "shop", event("Placed", "{\"n\":1}"));
        alice.publish(stream, "shop", event("Placed", "{\"n\":2}"));
        EventStreamTest.Opened tail = EventStreamTest.open(alice.request(
                "/api/v1/streams/" + stream + "/event-names/Placed/events?after=2").GET());
        try {
            assertEquals(200, tail.response().statusCode());
            String third = alice.publish(stream, "shop", event("Placed", "{\"n\":3}")).body().replace("\"", "");
            List<String> event = tail.nextEvent();
            assertEquals("id: 3", event.getFirst());
            assertEquals("event: Placed", event.get(1));
            assertEquals(third, JSON.readTree(event.get(2).substring("data: ".length())).get("eventId").asText());
        } finally {
            tail.response().body().close();
        }

        EventStreamTest.Opened resumed = EventStreamTest.open(alice.request(
                "/api/v1/streams/" + stream + "/event-names/Placed/events?after=0").header("Last-Event-ID", "1")
                .GET());
        try {
            assertEquals("id: 2", resumed.nextEvent().getFirst(), "Last-Event-ID wins over after");
        } finally {
            resumed.response().body().close();
        }
    }

    @Test
    void theStreamListFiltersByAPartOfTheNameInAnyCase() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String upper = "Filtered-" + tag + "-a";
        String lower = "x.filtered-" + tag + "-b";
        alice.publish(upper, "shop", event("Placed", "{}"));
        alice.publish(lower, "shop", event("Placed", "{}"));
        alice.publish(unique("unfiltered"), "shop", event("Placed", "{}"));

        JsonNode page = json(alice.send(alice.request("/api/v1/streams?filter=FILTERED-" + tag).GET()));
        List<String> names = new ArrayList<>();
        page.get("streams").forEach(stream -> names.add(stream.get("name").asText()));
        assertEquals(List.of(upper, lower), names);

        JsonNode first = json(alice.send(alice.request("/api/v1/streams?limit=1&filter=filtered-" + tag).GET()));
        assertEquals(upper, first.get("next").asText());
        JsonNode second = json(alice.send(alice.request("/api/v1/streams?limit=1&filter=filtered-" + tag
                + "&after=" + upper).GET()));
        assertEquals(lower, second.get("streams").get(0).get("name").asText());
        assertTrue(second.get("next").isNull());
        assertFalse(json(alice.send(alice.request("/api/v1/streams?filter=").GET())).get("streams").isEmpty(),
                "an empty filter filters nothing");
        assertEquals(400, alice.send(alice.request("/api/v1/streams?filter=a&filter=b").GET()).statusCode());
    }

    @Test
    void ratesCountTheEventsThisProcessCommittedAndConsumersAcknowledged() throws Exception {
        String stream = unique("rates");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(alice.publish(stream, "shop", event("Placed", "{}")).body().replace("\"", ""));
        }
        alice.send(alice.request("/api/v1/streams/" + stream + "/events").header("X-Producer-ID", "shop")
                .header("Content-Type", "application/json").header("Idempotency-Key", "rates-1")
                .POST(HttpRequest.BodyPublishers.ofString("[" + event("Paid", "{}") + "," + event("Paid", "{}")
                        + "]")));
        assertEquals(200, alice.acknowledge(stream, "billing", ids.get(2)).statusCode());
        assertEquals(200, alice.acknowledge(stream, "billing", ids.get(1)).statusCode(), "moves nothing");

        // the counts appear once the interval they fell in is complete: wait for it, within a generous deadline
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        JsonNode rates;
        do {
            Thread.sleep(200);
            HttpResponse<String> answer = alice.send(alice.request("/api/v1/streams/" + stream + "/rates").GET());
            assertEquals(200, answer.statusCode(), answer.body());
            rates = json(answer);
        } while (sum(rates, "published") < 5 && System.nanoTime() < deadline);

        assertEquals(5, sum(rates, "published"), rates.toString());
        assertEquals(3, sum(rates, "acknowledged"), "from offset 0 to 3; the older acknowledgement moved nothing");
        assertEquals(stream, rates.get("stream").asText());
        assertEquals("process", rates.get("scope").asText());
        assertEquals(5, rates.get("intervalSeconds").asInt());
        assertTrue(rates.get("intervals").size() <= 120, "at most 10 minutes of intervals");
        assertTrue(rates.get("publishedPerSecond").asDouble() > 0, rates.toString());

        assertEquals(404, alice.send(alice.request("/api/v1/streams/" + unique("none") + "/rates").GET())
                .statusCode());
        assertEquals(401, anonymous.send(anonymous.request("/api/v1/streams/" + stream + "/rates").GET())
                .statusCode());
        assertEquals(405, alice.send(alice.request("/api/v1/streams/" + stream + "/rates").DELETE()).statusCode());
    }

    private static long sum(JsonNode rates, String member) {
        long sum = 0;
        for (JsonNode interval : rates.get("intervals")) {
            sum += interval.get(member).asLong();
        }
        return sum;
    }

    @Test
    void theConsumersFurthestBehindAcrossTheStreamsTheUserMaySee() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String mine = "lags." + tag + ".mine";
        String theirs = "lags." + tag + ".theirs";
        for (String stream : List.of(mine, theirs)) {
            String first = null;
            for (int i = 0; i < 4; i++) {
                String id = alice.publish(stream, "shop-" + tag, event("Placed", "{}")).body().replace("\"", "");
                first = first == null ? id : first;
            }
            assertEquals(200, alice.acknowledge(stream, "far-behind-" + tag, first).statusCode());
        }
        HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        String login = "lags-" + tag;
        assertEquals(201, admin.send(admin.request("/api/v1/users/" + login).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"lags-password-1\", \"grants\": "
                        + "[{\"streams\": \"" + mine + "\", \"actions\": [\"consume\"]}]}"))).statusCode());
        HttpTestClient limited = new HttpTestClient(server.port()).as(login, "lags-password-1");

        JsonNode seen = json(limited.send(limited.request("/api/v1/consumer-lags?limit=1000").GET()));
        List<String> streams = new ArrayList<>();
        seen.get("consumers").forEach(lag -> streams.add(lag.get("stream").asText()));
        assertEquals(List.of(mine), streams, "only the streams the user may see");
        JsonNode lag = seen.get("consumers").get(0);
        assertEquals("far-behind-" + tag, lag.get("consumerId").asText());
        assertEquals(3, lag.get("lag").asLong());
        assertTrue(lag.get("timeLagSeconds").asDouble() >= 0);

        JsonNode all = json(alice.send(alice.request("/api/v1/consumer-lags?limit=1000").GET()));
        long previous = Long.MAX_VALUE;
        for (JsonNode each : all.get("consumers")) {
            assertTrue(each.get("lag").asLong() <= previous, "largest first: " + all);
            previous = each.get("lag").asLong();
        }
        assertEquals(1, json(alice.send(alice.request("/api/v1/consumer-lags?limit=1").GET())).get("consumers")
                .size());
        for (String query : List.of("?limit=0", "?limit=1001", "?limit=x", "?limit=1&limit=2")) {
            assertEquals(400, alice.send(alice.request("/api/v1/consumer-lags" + query).GET()).statusCode(), query);
        }
        assertEquals(401, anonymous.send(anonymous.request("/api/v1/consumer-lags").GET()).statusCode());
    }

    private static String consumers() {
        HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        return admin.send(admin.request("/api/v1/consumers?limit=1000").GET()).body();
    }
}

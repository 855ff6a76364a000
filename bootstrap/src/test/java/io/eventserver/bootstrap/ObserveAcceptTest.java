package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every observe route and {@code /openapi} answer every reasonable {@code Accept} completely (issue 23): with and
 * without parameters — {@code application/json; charset=utf-8} is what clients generated from {@code /openapi}
 * send, and got an empty health body and metrics cut off after 56 KiB from Helidon's JSON-P writer — {@code *}/
 * {@code *}, a list with weights, none at all. Complete means: the body has the length the response announced,
 * JSON parses (a cut-off document does not), the Prometheus text ends with its last line, OpenMetrics with
 * {@code # EOF}. Metrics are read as the admin.
 */
class ObserveAcceptTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code null}: no Accept header. */
    private static final List<String> ACCEPTS = java.util.Arrays.asList(null, "application/json",
            "application/json; charset=utf-8", "application/json;charset=UTF-8", "application/json; charset=iso-8859-1",
            "*/*", "application/json;q=0.9, text/plain", "text/plain", "text/plain; charset=utf-8",
            "text/plain; version=0.0.4", "application/openmetrics-text", "application/*", "text/html, */*;q=0.1");

    private static final List<String> ROUTES = List.of("/observe/health", "/observe/health/live",
            "/observe/health/ready", "/observe/health/started", "/observe/health/check/database",
            "/observe/health/ready/database", "/observe/metrics", "/observe/metrics/application",
            "/observe/metrics/vendor", "/observe/metrics/application/eventserver.consumers.waiting",
            "/observe/metrics?scope=application", "/openapi");

    private static EventServer server;
    private static HttpTestClient admin;

    @BeforeAll
    static void start() {
        server = TestServers.start(Map.of("db.url", TestDatabases.create().url()));
        admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        // metrics worth reading: series of several routes and statuses, more than one 8 KiB buffer of JSON
        HttpTestClient alice = new HttpTestClient(server.port()).as("alice", "alice-pw");
        for (int i = 0; i < 20; i++) {
            alice.publish(EndToEndTest.uniqueStream(), "accept-" + i, HttpTestClient.event("Accepted", "{}"));
            alice.send(alice.request("/api/v1/streams/nope-" + i).GET());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyObserveRouteAnswersEveryAcceptCompletely() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String route : ROUTES) {
            for (String accept : ACCEPTS) {
                String what = route + " with Accept: " + accept;
                try {
                    assertComplete(what, get(route, accept));
                } catch (AssertionError | Exception e) {
                    failures.add(what + ": " + e.getMessage());
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " incomplete answers:\n" + String.join("\n", failures));
    }

    @Test
    void metricsMetadataIsJsonAndAnsweredCompletelyOrRefusedWith406() throws Exception {
        for (String accept : ACCEPTS) {
            HttpRequest.Builder options = admin.request("/observe/metrics")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
            if (accept != null) {
                options.header("Accept", accept);
            }
            HttpResponse<byte[]> response = admin.sendBytes(options);
            String what = "OPTIONS /observe/metrics with Accept: " + accept;
            if (accept != null && accept.startsWith("text/") && !accept.contains("*/*")
                    || accept != null && accept.startsWith("application/openmetrics")) {
                assertEquals(406, response.statusCode(), what);
                assertEquals("\"Not Acceptable - the metrics' metadata is JSON (Accept: application/json)\"",
                        new String(response.body(), StandardCharsets.UTF_8), what);
            } else {
                assertComplete(what, response);
            }
        }
        // the connection is still good after each of those
        assertComplete("GET /observe/health after them", get("/observe/health", null));
    }

    @Test
    void jsonWithACharsetGetsTheSameDocumentAsPlainJson() throws Exception {
        for (String route : List.of("/observe/health/ready", "/observe/health/live", "/openapi")) {
            JsonNode plain = JSON.readTree(get(route, "application/json").body());
            JsonNode withCharset = JSON.readTree(get(route, "application/json; charset=utf-8").body());
            assertEquals(plain, withCharset, route);
        }
        JsonNode metrics = JSON.readTree(get("/observe/metrics", "application/json; charset=utf-8").body());
        assertTrue(metrics.has("application"), "the application's meters are there: " + metrics);
        assertTrue(metrics.get("application").has("eventserver.consumers.waiting"), metrics.toString());
    }

    private static HttpResponse<byte[]> get(String route, String accept) {
        HttpRequest.Builder request = admin.request(route).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return admin.sendBytes(request);
    }

    /** The answer is a 200 with all of its body. */
    private static void assertComplete(String what, HttpResponse<byte[]> response) throws Exception {
        byte[] body = response.body();
        assertEquals(200, response.statusCode(), what + ": " + new String(body, StandardCharsets.UTF_8));
        assertTrue(body.length > 0, what + ": an empty body");
        Optional<String> length = response.headers().firstValue("Content-Length");
        length.ifPresent(announced -> assertEquals(Long.parseLong(announced), body.length, what + ": length"));
        String type = response.headers().firstValue("Content-Type").orElse("");
        String text = new String(body, StandardCharsets.UTF_8);
        if (type.startsWith("application/json")) {
            JsonNode document = JSON.readTree(body);
            assertTrue(document.isObject(), what + ": " + text);
        } else if (type.startsWith("application/openmetrics-text")) {
            assertTrue(text.endsWith("# EOF\n"), what + ": ends with " + tail(text));
        } else if (type.startsWith("text/plain")) {
            assertTrue(text.endsWith("\n"), what + ": ends with " + tail(text));
            String last = text.strip().lines().reduce((first, second) -> second).orElse("");
            assertTrue(last.matches("\\S+(\\{.*})? \\S+"), what + ": the last line is a whole sample: " + last);
        } else {
            fail(what + ": unexpected Content-Type " + type);
        }
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 40));
    }
}

package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streaming consume (issue 10): {@code Accept: text/event-stream} streams the events as they are committed, read
 * here by a real HTTP client while another client publishes; {@code Last-Event-ID} resumes; the offset never moves;
 * streams count as waiting consumers and end cleanly when the server stops.
 */
class EventStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static EventServer server;
    private static HttpTestClient http;

    @BeforeAll
    static void start() {
        server = TestServers.start(Map.of("db.url", TestDatabases.create().url()));
        http = new HttpTestClient(server.port()).as("alice", "alice-pw");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An open stream: its status, and its lines as they arrive. */
    record Opened(HttpResponse<Stream<String>> response, BlockingQueue<String> lines) {

        /** The next event (id, event and data lines up to the blank line), skipping comments. */
        List<String> nextEvent() throws InterruptedException {
            List<String> event = new ArrayList<>();
            while (true) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertNotNull(line, "no event within 60 s; got " + event);
                if (line.startsWith(":")) {
                    continue;
                }
                if (line.isEmpty()) {
                    if (!event.isEmpty()) {
                        return event;
                    }
                    continue;
                }
                event.add(line);
            }
        }
    }

    private static Opened open(EventServer on, String stream, String consumer, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.port()
                        + "/api/v1/streams/" + stream + "/events?eventName=Paid"))
                .header("Authorization", HttpTestClient.basic("alice", "alice-pw"))
                .header("X-Consumer-ID", consumer);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return open(request);
    }

    /** Sends {@code request} as a stream of events and collects its lines as they come. */
    static Opened open(HttpRequest.Builder request) throws Exception {
        request.header("Accept", "text/event-stream");
        HttpResponse<Stream<String>> response = CLIENT.send(request.GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture.runAsync(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (RuntimeException e) {
                // the stream was closed
            }
            lines.add("<end>");
        });
        return new Opened(response, lines);
    }

    private static String unique() {
        return "sse-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void eventsAreStreamedAfterTheOffsetAsTheyAreCommitted() throws Exception {
        String stream = unique();
        String first = http.publish(stream, "shop", event("Paid", "{\"n\":1}")).body().replace("\"", "");
        http.publish(stream, "shop", event("Paid", "{\"n\":2}"));
        assertEquals(200, http.acknowledge(stream, "streamer", first).statusCode());

        Opened opened = open(server, stream, "streamer", null);
        assertEquals(200, opened.response().statusCode());
        assertTrue(opened.response().headers().firstValue("Content-Type").orElseThrow()
                .startsWith("text/event-stream"));

        List<String> second = opened.nextEvent();
        assertEquals("id: 2", second.get(0));
        assertEquals("event: Paid", second.get(1));
        JsonNode data = JSON.readTree(second.get(2).substring("data: ".length()));
        assertEquals(2, data.get("sequence").asInt());
        assertEquals(2, data.get("payload").get("n").asInt());

        String published = http.publish(stream, "shop", event("Paid", "{\"n\":3}")).body().replace("\"", "");
        List<String> third = opened.nextEvent();
        assertEquals("id: 3", third.getFirst());
        assertEquals(published, JSON.readTree(third.get(2).substring(6)).get("eventId").asText());
        opened.response().body().close();

        assertEquals(2, JSON.readTree(http.consume(stream, "streamer", "Paid", 10).body()).size(),
                "streaming never moves the offset: 2 and 3 are still unacknowledged");
    }

    @Test
    void lastEventIdResumesAfterThatSequence() throws Exception {
        String stream = unique();
        for (int n = 1; n <= 3; n++) {
            http.publish(stream, "shop", event("Paid", "{\"n\":" + n + "}"));
        }

        Opened opened = open(server, stream, "resumer", "2");

        assertEquals("id: 3", opened.nextEvent().getFirst());
        opened.response().body().close();
        HttpResponse<String> bad = http.send(http.request("/api/v1/streams/" + stream + "/events?eventName=Paid")
                .header("X-Consumer-ID", "resumer").header("Accept", "text/event-stream")
                .header("Last-Event-ID", "not-a-sequence").GET());
        assertEquals(400, bad.statusCode());
    }

    /**
     * Issue 29, point 9: {@code text/event-stream;q=0} says "not a stream"; such a request is answered with the JSON
     * array (and holds no waiting place), while a weight above 0 streams.
     */
    @Test
    void anEventStreamRefusedWithQZeroIsAnsweredWithJson() throws Exception {
        String stream = unique();
        http.publish(stream, "shop", event("Paid", "{\"n\":1}"));
        for (String accept : List.of("application/json, text/event-stream;q=0", "text/event-stream; q=0.000",
                "*/*")) {
            HttpResponse<String> answer = http.send(http.request("/api/v1/streams/" + stream
                    + "/events?eventName=Paid&limit=10").header("X-Consumer-ID", "negotiator")
                    .header("Accept", accept).GET());
            assertEquals(200, answer.statusCode(), accept + ": " + answer.body());
            assertEquals("application/json; charset=utf-8", answer.headers().firstValue("Content-Type").orElse(""),
                    accept);
            assertEquals(1, JSON.readTree(answer.body()).size(), accept);
            HttpResponse<String> browsed = http.send(http.request("/api/v1/streams/" + stream
                    + "/event-names/Paid/events").header("Accept", accept).GET());
            assertEquals("application/json; charset=utf-8", browsed.headers().firstValue("Content-Type").orElse(""),
                    accept);
        }
        HttpRequest.Builder weighted = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/v1/streams/" + stream + "/events?eventName=Paid"))
                .header("Authorization", HttpTestClient.basic("alice", "alice-pw"))
                .header("X-Consumer-ID", "negotiator")
                .header("Accept", "application/json;q=0.9, text/event-stream;q=0.5");
        HttpResponse<Stream<String>> streamed = CLIENT.send(weighted.GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertTrue(streamed.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        streamed.body().close();
    }

    /**
     * Issue 29, point 9: the streams of clients that went away are noticed within the heartbeat period (15 s) and
     * free their waiting place. Streams fill api.max-waiting; their sockets are dropped; new waiters are admitted
     * well before the next heartbeat could have told.
     */
    @Test
    void streamsOfClientsThatWentAwayFreeTheirWaitingPlaceAtOnce() throws Exception {
        int places = 3;
        try (EventServer small = TestServers.start(Map.of("db.url", TestDatabases.create().url(),
                "api.max-waiting", Integer.toString(places)))) {
            HttpTestClient client = new HttpTestClient(small.port()).as("alice", "alice-pw");
            client.publish("dropped", "shop", event("Paid", "{}"));
            String request = "GET /api/v1/streams/dropped/events?eventName=Paid HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: " + HttpTestClient.basic("alice", "alice-pw") + "\r\nX-Consumer-ID: gone\r\n"
                    + "Accept: text/event-stream\r\n\r\n";
            for (int round = 0; round < 2; round++) {
                List<java.net.Socket> sockets = new ArrayList<>();
                for (int i = 0; i < places; i++) {
                    java.net.Socket socket = new java.net.Socket("127.0.0.1", small.port());
                    socket.setSoTimeout(20_000);
                    socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                            java.nio.charset.StandardCharsets.ISO_8859_1)).readLine();
                    assertEquals("HTTP/1.1 200 OK", status, "round " + round + ", stream " + i);
                    sockets.add(socket);
                }
                HttpResponse<String> full = client.send(client.request("/api/v1/streams/dropped/events?eventName=Paid"
                        + "&limit=1&wait=1").header("X-Consumer-ID", "waiter").GET());
                assertEquals(503, full.statusCode(), "round " + round + ": every place is taken");

                for (java.net.Socket socket : sockets) {
                    socket.close();
                }
                // well within the 15 s heartbeat: before, a dropped stream was noticed after up to two of them
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                int admitted = 0;
                while (admitted < places && System.nanoTime() < deadline) {
                    // each joins the waiters (503 when all places are taken) and, an event being there, answers
                    List<HttpResponse<String>> waiting = new ArrayList<>();
                    for (int i = 0; i < places; i++) {
                        waiting.add(client.send(client.request("/api/v1/streams/dropped/events?eventName=Paid"
                                + "&limit=1&wait=1").header("X-Consumer-ID", "waiter").GET()));
                    }
                    admitted = (int) waiting.stream().filter(answer -> answer.statusCode() == 200).count();
                    if (admitted < places) {
                        Thread.sleep(100);
                    }
                }
                assertEquals(places, admitted, "round " + round + ": the dropped streams' places were freed");
            }
        }
    }

    @Test
    void aDocumentWithLineBreaksTakesSeveralDataLines() throws Exception {
        String stream = unique();
        http.publish(stream, "shop", event("Paid", "{\n  \"n\": 1\n}"));

        List<String> event = open(server, stream, "multiline", null).nextEvent();

        assertTrue(event.size() > 3, event.toString());
        StringBuilder data = new StringBuilder();
        for (String line : event.subList(2, event.size())) {
            assertTrue(line.startsWith("data: "), line);
            data.append(line.substring(6)).append('\n');
        }
        assertEquals(1, JSON.readTree(data.toString()).get("payload").get("n").asInt());
    }

    @Test
    void anOpenStreamOutlivesTheIdleConnectionTimeOut() throws Exception {
        try (EventServer idle = TestServers.start(Map.of("db.url", TestDatabases.create().url(),
                "server.idle-connection-timeout", "PT2S", "server.idle-connection-period", "PT1S"))) {
            HttpTestClient client = new HttpTestClient(idle.port()).as("alice", "alice-pw");
            client.publish("quiet", "shop", event("Paid", "{}"));
            Opened opened = open(idle, "quiet", "patient", null);
            assertEquals("id: 1", opened.nextEvent().getFirst());
            Thread.sleep(4000);

            client.publish("quiet", "shop", event("Paid", "{}"));

            assertEquals("id: 2", opened.nextEvent().getFirst(), "a stream is a request in progress, not idle");
            opened.response().body().close();
        }
    }

    @Test
    void streamsCountAsWaitingConsumersAndEndWhenTheServerStops() throws Exception {
        EventServer small = TestServers.start(Map.of("db.url", TestDatabases.create().url(), "api.max-waiting", "1"));
        try {
            HttpTestClient client = new HttpTestClient(small.port()).as("alice", "alice-pw");
            client.publish("capped-stream", "shop", event("Paid", "{}"));
            Opened opened = open(small, "capped-stream", "one", null);
            assertEquals("id: 1", opened.nextEvent().getFirst());

            HttpResponse<String> second = client.send(client.request("/api/v1/streams/capped-stream/events"
                    + "?eventName=Paid").header("X-Consumer-ID", "two").header("Accept", "text/event-stream").GET());
            assertEquals(503, second.statusCode());
            assertEquals("\"Service Unavailable - too many waiting consumers (at most 1)\"", second.body());

            CompletableFuture.runAsync(small::close);
            String line;
            do {
                line = opened.lines().poll(60, TimeUnit.SECONDS);
                assertNotNull(line, "the stream did not end within 60 s of the stop");
            } while (!line.equals("<end>"));
        } finally {
            small.close();
        }
    }
}

package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.DatabaseSettings;
import io.eventserver.adapters.postgres.TestDatabases;
import io.eventserver.application.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumers wait instead of polling (issue 10): {@code wait=S} answers as soon as an event is committed — not
 * before its commit — or with {@code []} when the time is up; waiters on another event name are not answered
 * early; many waiters wake together; the number of waiters is capped; a stopping server answers them.
 */
class LongPollTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private static final String AUTH = HttpTestClient.basic("alice", "alice-pw");

    private static DatabaseSettings database;
    private static EventServer server;
    private static HttpTestClient http;

    @BeforeAll
    static void start() {
        database = TestDatabases.create();
        server = TestServers.start(Map.of("db.url", database.url()));
        http = new HttpTestClient(server.port()).as("alice", "alice-pw");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String streamWith(String eventName) {
        String stream = "poll-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, http.publish(stream, "shop", event(eventName, "{}")).statusCode());
        return stream;
    }

    static CompletableFuture<HttpResponse<String>> waitFor(EventServer on, String stream, String consumer,
                                                                  String eventName, int seconds) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.port()
                                + "/api/v1/streams/" + stream + "/events?eventName=" + eventName + "&limit=10&wait="
                                + seconds))
                        .header("Authorization", AUTH).header("X-Consumer-ID", consumer).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Gives a request time to reach its wait; correctness never depends on it, only what the test observes. */
    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    /** Waits until {@code count} consumers wait on {@code on}. */
    static void awaitWaiting(EventServer on, int count) {
        Eventually.within(Eventually.GENEROUS, on::waitingConsumers, waiting -> waiting == count);
    }

    /**
     * Waits until a statement of {@code database} waits for a lock: the publish holding it is inside its
     * transaction.
     */
    static void awaitLockWait(DatabaseSettings database) {
        Eventually.within(Eventually.GENEROUS, () -> TestDatabases.lockWaits(database.url()), waiting -> waiting > 0);
    }

    @Test
    void aWaiterIsAnsweredWhenTheEventIsCommitted() throws Exception {
        String stream = streamWith("Other");
        CompletableFuture<HttpResponse<String>> waiting = waitFor(server, stream, "c1", "Paid", 30);
        pause(500);
        assertFalse(waiting.isDone(), "nothing to answer yet");

        String id = http.publish(stream, "shop", event("Paid", "{\"n\":1}")).body();

        HttpResponse<String> answer = waiting.get(60, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().startsWith("[{\"eventId\":" + id + ","), answer.body());
    }

    @Test
    void aPublishStillInItsTransactionIsNotSeen() throws Exception {
        String stream = streamWith("Other");
        CompletableFuture<HttpResponse<String>> waiting = waitFor(server, stream, "c2", "Paid", 30);
        CompletableFuture<HttpResponse<String>> publishing;
        try (Connection blocker = DriverManager.getConnection(database.url());
             Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            // the publish's insert waits for this lock, inside its transaction
            statement.execute("lock table events in access exclusive mode");
            publishing = CompletableFuture.supplyAsync(() -> http.publish(stream, "shop", event("Paid", "{}")));
            awaitLockWait(database);
            pause(500);
            assertFalse(waiting.isDone(), "the waiter saw an uncommitted event: " + (waiting.isDone()
                    ? waiting.get().body() : ""));
            assertFalse(publishing.isDone());
            blocker.rollback();
        }
        assertEquals(200, publishing.get(60, TimeUnit.SECONDS).statusCode());
        HttpResponse<String> answer = waiting.get(60, TimeUnit.SECONDS);
        assertTrue(answer.body().contains("\"sequence\":1"), answer.body());
    }

    @Test
    void aWaiterWhoseTimeIsUpGetsAnEmptyArray() throws Exception {
        String stream = streamWith("Other");

        HttpResponse<String> answer = waitFor(server, stream, "c3", "Paid", 1).get(60, TimeUnit.SECONDS);

        assertEquals(200, answer.statusCode());
        assertEquals("[]", answer.body());
    }

    @Test
    void eventsAlreadyThereAreAnsweredAtOnce() throws Exception {
        String stream = streamWith("Paid");

        // a request that waited would be answered after 30 s: anything sooner was answered at once
        HttpResponse<String> answer = waitFor(server, stream, "c4", "Paid", 30).get(25, TimeUnit.SECONDS);

        assertTrue(answer.body().contains("\"sequence\":1"), answer.body());
    }

    @Test
    void aWaiterOnAnotherEventNameIsNotAnsweredWithIt() throws Exception {
        String stream = streamWith("Other");
        CompletableFuture<HttpResponse<String>> waiting = waitFor(server, stream, "c5", "Paid", 2);
        pause(300);

        http.publish(stream, "shop", event("Other", "{}"));

        assertEquals("[]", waiting.get(60, TimeUnit.SECONDS).body());
    }

    @Test
    void aThousandWaitersOnOneStreamAllWake() throws Exception {
        String stream = streamWith("Other");
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            waiting.add(waitFor(server, stream, "many-" + (i % 10), "Paid", 30));
        }
        pause(3000);

        http.publish(stream, "shop", event("Paid", "{}"));

        int woken = 0;
        for (CompletableFuture<HttpResponse<String>> one : waiting) {
            HttpResponse<String> answer = one.get(120, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), answer.body());
            woken += answer.body().contains("\"sequence\":1") ? 1 : 0;
        }
        System.out.println("LONG-POLL 1000 waiters woken=" + woken);
        assertEquals(1000, woken);
    }

    @Test
    void waitingConsumersAreAGauge() throws Exception {
        String stream = streamWith("Other");
        CompletableFuture<HttpResponse<String>> waiting = waitFor(server, stream, "gauged", "Paid", 30);

        awaitWaiting(server, 1);

        HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        String metrics = admin.send(admin.request("/observe/metrics").header("Accept", "text/plain").GET()).body();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("eventserver_consumers_waiting{")
                && line.endsWith(" 1.0")), "one consumer waits");
        String id = http.publish(stream, "shop", event("Paid", "{}")).body();
        assertTrue(waiting.get(60, TimeUnit.SECONDS).body().startsWith("[{\"eventId\":" + id), "the one waiting");
        awaitWaiting(server, 0);
    }

    @Test
    void aBadWaitIs400() {
        String stream = streamWith("Other");
        for (String wait : List.of("31", "-1", "1.5", "x", "99999999999", "")) {
            HttpResponse<String> refused = http.send(http.request("/api/v1/streams/" + stream
                    + "/events?eventName=Paid&limit=1&wait=" + wait).header("X-Consumer-ID", "c6").GET());
            assertEquals(400, refused.statusCode(), wait);
            assertEquals("\"Bad Request - wait must be an integer between 0 and 30 (seconds)\"", refused.body());
        }
        assertEquals(400, http.send(http.request("/api/v1/streams/" + stream
                + "/events?eventName=Paid&limit=1&wait=1&wait=2").header("X-Consumer-ID", "c6").GET()).statusCode());
        assertEquals("[]", http.send(http.request("/api/v1/streams/" + stream
                + "/events?eventName=Paid&limit=1&wait=0").header("X-Consumer-ID", "c6").GET()).body());
    }

    @Test
    void beyondMaxWaitingTheAnswerIs503AndAStoppingServerAnswersItsWaiters() throws Exception {
        try (EventServer small = TestServers.start(Map.of("db.url", TestDatabases.create().url(),
                "api.max-waiting", "2"))) {
            HttpTestClient client = new HttpTestClient(small.port()).as("alice", "alice-pw");
            client.publish("capped", "shop", event("Other", "{}"));
            CompletableFuture<HttpResponse<String>> one = waitFor(small, "capped", "a", "Paid", 30);
            CompletableFuture<HttpResponse<String>> two = waitFor(small, "capped", "b", "Paid", 30);
            awaitWaiting(small, 2);

            HttpResponse<String> third = waitFor(small, "capped", "c", "Paid", 30).get(60, TimeUnit.SECONDS);
            assertEquals(503, third.statusCode());
            assertEquals("\"Service Unavailable - too many waiting consumers (at most 2)\"", third.body());
            assertEquals("1", third.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(200, client.consume("capped", "d", "Other", 1).statusCode(), "reading without wait works");

            CompletableFuture.runAsync(small::close);
            assertEquals("[]", one.get(15, TimeUnit.SECONDS).body(), "answered, not cut off");
            assertEquals("[]", two.get(15, TimeUnit.SECONDS).body());
        }
    }
}

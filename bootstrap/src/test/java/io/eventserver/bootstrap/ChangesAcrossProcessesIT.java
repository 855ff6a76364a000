package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Two server processes on one database (ADR 28): a password changed, a user deleted or a producer id reassigned
 * through one process applies on the other too, although the other had the credentials and the owner cached. How
 * long that took is printed (the promise is within a second; tests do not assert on time, docs/benchmarks.md has
 * the numbers).
 */
class ChangesAcrossProcessesIT {

    private static final long GIVE_UP_SECONDS = 60;

    @Test
    void usersAndIdOwnersChangedOnOneProcessChangeOnTheOther() throws Exception {
        Map<String, String> environment = Map.of("DB_URL", TestDatabases.create().url());
        try (ServerProcess first = new ServerProcess("changes-first", environment).start();
             ServerProcess second = new ServerProcess("changes-second", environment).start()) {
            HttpTestClient admin = new HttpTestClient(first.port()).as("admin", "admin-pw");
            String login = "erin-" + UUID.randomUUID().toString().substring(0, 8);
            assertEquals(201, putUser(admin, login, "first-password-1").statusCode());
            HttpTestClient oldPassword = new HttpTestClient(second.port()).as(login, "first-password-1");
            assertEquals(200, streams(oldPassword), "known on the second process, and now cached there");

            assertEquals(200, putUser(admin, login, "second-password-2").statusCode());
            long changed = System.nanoTime();
            assertEquals(401, until(401, () -> streams(oldPassword)), "the old password stops working");
            report("password change", changed);

            HttpTestClient newPassword = new HttpTestClient(second.port()).as(login, "second-password-2");
            assertEquals(200, streams(newPassword));
            assertEquals(204, admin.send(admin.request("/api/v1/users/" + login).DELETE()).statusCode());
            long deleted = System.nanoTime();
            assertEquals(401, until(401, () -> streams(newPassword)), "a deleted user stops working");
            report("user deletion", deleted);

            String producer = "handover-" + UUID.randomUUID().toString().substring(0, 8);
            HttpTestClient alice = new HttpTestClient(second.port()).as("alice", "alice-pw");
            HttpTestClient bob = new HttpTestClient(second.port()).as("bob", "bob-pw");
            assertEquals(200, alice.publish("handover", producer, event("Moved", "{}")).statusCode());
            assertEquals(403, bob.publish("handover", producer, event("Moved", "{}")).statusCode());
            assertEquals(200, admin.send(admin.request("/api/v1/producers/" + producer)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"user\": \"bob\"}"))).statusCode());
            long reassigned = System.nanoTime();
            assertEquals(403, until(403, () -> alice.publish("handover", producer, event("Moved", "{}"))
                    .statusCode()), "the old owner is refused on the other process");
            report("producer id reassignment", reassigned);
            assertEquals(200, bob.publish("handover", producer, event("Moved", "{}")).statusCode());
        }
    }

    @Test
    void aConsumerWaitingOnOneProcessWakesOnAPublishThroughTheOther() throws Exception {
        Map<String, String> environment = Map.of("DB_URL", TestDatabases.create().url());
        try (ServerProcess first = new ServerProcess("wake-first", environment).start();
             ServerProcess second = new ServerProcess("wake-second", environment).start()) {
            HttpTestClient publisher = new HttpTestClient(second.port()).as("alice", "alice-pw");
            assertEquals(200, publisher.publish("woken", "shop", event("Other", "{}")).statusCode());
            HttpClient client = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + first.port() + "/api/v1/streams/woken/events?eventName=Paid&limit=5"
                                    + "&wait=30"))
                    .header("Authorization", HttpTestClient.basic("alice", "alice-pw"))
                    .header("X-Consumer-ID", "far-away").GET().build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(1000);
            assertFalse(waiting.isDone());

            long published = System.nanoTime();
            String id = publisher.publish("woken", "shop", event("Paid", "{}")).body();

            HttpResponse<String> answer = waiting.get(60, TimeUnit.SECONDS);
            report("publish through the other process waking a waiter", published);
            assertTrue(answer.body().startsWith("[{\"eventId\":" + id), answer.body());
        }
    }

    private static HttpResponse<String> putUser(HttpTestClient admin, String login, String password) {
        return admin.send(admin.request("/api/v1/users/" + login).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"" + password + "\"}")));
    }

    private static int streams(HttpTestClient client) {
        return client.send(client.request("/api/v1/streams").GET()).statusCode();
    }

    /** Asks every 20 ms until the answer is {@code expected} (or gives up after {@value #GIVE_UP_SECONDS} s). */
    private static int until(int expected, Supplier<Integer> status) throws InterruptedException {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
        int last = status.get();
        while (last != expected && System.nanoTime() < giveUpAt) {
            Thread.sleep(20);
            last = status.get();
        }
        return last;
    }

    private static void report(String change, long committedAt) {
        System.out.printf("ChangesAcrossProcessesIT: %s applied on the other process after %d ms%n", change,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committedAt));
    }
}

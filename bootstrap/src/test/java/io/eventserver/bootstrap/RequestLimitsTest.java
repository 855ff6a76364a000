package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Failed logins are throttled per login and per client address, and users' request rates are limited: 429 with
 * {@code Retry-After}, then recovery; a refused request stores nothing.
 */
class RequestLimitsTest {

    private static final long GIVE_UP_SECONDS = 60;

    @Test
    void afterTenFailedLoginsFromAnAddressEvenTheRightPasswordWaits() throws Exception {
        try (EventServer server = TestServers.start(Map.of("db.url", TestDatabases.create().url(),
                // the window must outlast the 14 requests below on a loaded machine, and is waited out at the end
                "security.login-throttle.window", "PT10S"))) {
            HttpClient from2 = clientFrom("127.0.0.2");
            for (int attempt = 1; attempt <= 10; attempt++) {
                assertEquals(401, get(from2, server, "alice", "guess-" + attempt).statusCode(), "attempt " + attempt);
            }

            HttpResponse<String> right = get(from2, server, "alice", "alice-pw");
            assertEquals(429, right.statusCode(), "the right password, from a throttled address");
            assertEquals("\"Too Many Requests - too many failed logins for this login or from this address\"",
                    right.body());
            long retryAfter = Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
            assertEquals(429, get(from2, server, "bob", "bob-pw").statusCode(), "another login from that address");
            assertEquals(429, get(clientFrom("127.0.0.3"), server, "alice", "alice-pw").statusCode(),
                    "that login from another address");
            assertEquals(200, get(clientFrom("127.0.0.3"), server, "bob", "bob-pw").statusCode(),
                    "another login from another address");

            assertEquals(200, eventually(() -> get(from2, server, "alice", "alice-pw")).statusCode(),
                    "after the window, the right password works again");
        }
    }

    @Test
    void aUserOverItsRateGets429UntilItsBucketRefills() throws Exception {
        try (EventServer server = TestServers.start("""
                security:
                  providers:
                    - http-basic-auth:
                        users:
                          - login: "alice"
                            password: "alice-pw"
                          - login: "bob"
                            password: "bob-pw"
                          - login: "carol"
                            password: "carol-pw"
                            limits:
                              requests-per-second: 0
                """, Map.of("db.url", TestDatabases.create().url(),
                "limits.requests-per-second", "1", "limits.burst", "2",
                "limits.users.bob.requests-per-second", "0"))) {
            HttpTestClient alice = new HttpTestClient(server.port()).as("alice", "alice-pw");
            assertEquals(200, alice.publish("limited", "alice-shop", event("E", "{}")).statusCode());
            assertEquals(200, alice.publish("limited", "alice-shop", event("E", "{}")).statusCode());
            int stored = 2;

            // the bucket refills by one a second: a loaded machine may take that long for a request, so alice
            // publishes on until she outruns it (at once, on any machine that is not frozen)
            HttpResponse<String> limited = alice.publish("limited", "alice-shop", event("E", "{}"));
            for (int attempt = 0; attempt < 100 && limited.statusCode() == 200; attempt++) {
                stored++;
                limited = alice.publish("limited", "alice-shop", event("E", "{}"));
            }

            assertEquals(429, limited.statusCode());
            assertEquals("\"Too Many Requests - rate limit of 1.0 requests per second exceeded for user alice\"",
                    limited.body());
            assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());
            HttpTestClient bob = new HttpTestClient(server.port()).as("bob", "bob-pw");
            for (int i = 0; i < 5; i++) {
                assertEquals(200, bob.send(bob.request("/api/v1/streams").GET()).statusCode(), "bob is exempt");
            }
            HttpTestClient carol = new HttpTestClient(server.port()).as("carol", "carol-pw");
            for (int i = 0; i < 5; i++) {
                assertEquals(200, carol.send(carol.request("/api/v1/streams").GET()).statusCode(),
                        "carol's own limits exempt her");
            }
            HttpResponse<String> summary = eventually(() -> alice.send(alice.request("/api/v1/streams/limited")
                    .GET()));
            assertEquals(200, summary.statusCode(), "the bucket refills");
            assertTrue(summary.body().contains("\"E\":" + stored), "the refused publish stored nothing: "
                    + summary.body());
            String metrics = bob.send(bob.request("/observe/metrics").GET()).body();
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("eventserver_http_rate_limited_total{")
                    && line.contains("user=\"alice\"")), "rejections are counted per user");
        }
    }

    private static HttpClient clientFrom(String address) throws IOException {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(address)).build();
    }

    private static HttpResponse<String> get(HttpClient client, EventServer server, String user, String password) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                            + "/api/v1/streams"))
                    .header("Authorization", HttpTestClient.basic(user, password)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The first answer that is not 429, asking every 200 ms (gives up after {@value #GIVE_UP_SECONDS} s). */
    private static HttpResponse<String> eventually(java.util.function.Supplier<HttpResponse<String>> request)
            throws InterruptedException {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
        HttpResponse<String> response = request.get();
        while (response.statusCode() == 429 && System.nanoTime() < giveUpAt) {
            Thread.sleep(200);
            response = request.get();
        }
        return response;
    }
}

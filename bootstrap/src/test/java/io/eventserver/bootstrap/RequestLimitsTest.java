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
 * Failed logins are throttled per (client address, login), per address for unknown logins and per login across
 * addresses; password checks are bounded; users' request rates are limited: 429 with {@code Retry-After}, then
 * recovery; a refused request stores nothing.
 */
class RequestLimitsTest {

    private static final long GIVE_UP_SECONDS = 60;

    /**
     * Issue 29, point 5: failures count per (address, login). Ten wrong passwords lock that login from that address
     * — even the right password waits — and nothing else: not that login from another address, not another login
     * from that address.
     */
    @Test
    void tenFailedLoginsLockThatLoginFromThatAddressOnly() throws Exception {
        try (EventServer server = TestServers.start(Map.of("db.url", TestDatabases.create().url(),
                // the window must outlast the 14 requests below on a loaded machine, and is waited out at the end
                "security.login-throttle.window", "PT10S"))) {
            HttpClient from2 = clientFrom("127.0.0.2");
            for (int attempt = 1; attempt <= 10; attempt++) {
                assertEquals(401, get(from2, server, "alice", "guess-" + attempt).statusCode(), "attempt " + attempt);
            }

            HttpResponse<String> right = get(from2, server, "alice", "alice-pw");
            assertEquals(429, right.statusCode(), "the right password, from the address that failed with it");
            assertEquals("\"Too Many Requests - too many failed logins for this login or from this address\"",
                    right.body());
            long retryAfter = Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
            assertEquals(200, get(from2, server, "bob", "bob-pw").statusCode(),
                    "another login from that address is not locked");
            assertEquals(200, get(clientFrom("127.0.0.3"), server, "alice", "alice-pw").statusCode(),
                    "the right password from an address that has not failed is never refused");
            assertEquals(200, get(clientFrom("127.0.0.3"), server, "admin", "admin-pw").statusCode());

            assertEquals(200, eventually(() -> get(from2, server, "alice", "alice-pw")).statusCode(),
                    "after the window, the right password works again");
        }
    }

    /** Logins that do not exist, sprayed from one address, lock that address: its own doing, nobody else's. */
    @Test
    void unknownLoginsSprayedFromAnAddressLockThatAddress() throws Exception {
        // the default window: each unknown login costs a full slow hash, which a short window would not outlast
        try (EventServer server = TestServers.start(Map.of("db.url", TestDatabases.create().url()))) {
            HttpClient from2 = clientFrom("127.0.0.2");
            for (int attempt = 1; attempt <= 10; attempt++) {
                assertEquals(401, get(from2, server, "nobody-" + attempt, "guess").statusCode(), "attempt " + attempt);
            }

            assertEquals(429, get(from2, server, "nobody-11", "guess").statusCode());
            assertEquals(429, get(from2, server, "alice", "alice-pw").statusCode(), "the address that sprayed");
            assertEquals(200, get(clientFrom("127.0.0.3"), server, "alice", "alice-pw").statusCode());
            assertEquals(401, get(clientFrom("127.0.0.3"), server, "nobody-11", "guess").statusCode());
        }
    }

    /**
     * Past {@code security.login-throttle.per-login-global} failures of a login from all addresses, an address that
     * failed with it once is refused (distributed guessing gets one guess per address), while one that has not
     * failed still gets in with the right password.
     */
    @Test
    void aPerLoginLimitAcrossAllAddressesBoundsDistributedGuessing() throws Exception {
        try (EventServer server = TestServers.start(Map.of("db.url", TestDatabases.create().url(),
                "security.login-throttle.per-login-global", "4"))) {
            for (int address = 2; address <= 5; address++) {
                assertEquals(401, get(clientFrom("127.0.0." + address), server, "alice", "guess").statusCode());
            }

            assertEquals(429, get(clientFrom("127.0.0.2"), server, "alice", "alice-pw").statusCode(),
                    "an address that failed with alice, once the login failed 4 times in all");
            assertEquals(200, get(clientFrom("127.0.0.2"), server, "bob", "bob-pw").statusCode());
            HttpClient fresh = clientFrom("127.0.0.6");
            assertEquals(401, get(fresh, server, "alice", "guess").statusCode(), "a fresh address: one guess");
            assertEquals(429, get(fresh, server, "alice", "guess-2").statusCode(), "and no second");
            assertEquals(200, get(clientFrom("127.0.0.7"), server, "alice", "alice-pw").statusCode(),
                    "the right password from an address that has not failed is never refused");
        }
    }

    /** Issue 29, point 4: password checks of one login a minute are bounded, before hashing. */
    @Test
    void passwordChecksOfOneLoginAreBoundedBeforeHashing() throws Exception {
        try (EventServer server = TestServers.start(Map.of("db.url", TestDatabases.create().url(),
                "security.password-checks.per-login-per-minute", "3"))) {
            HttpClient from2 = clientFrom("127.0.0.2");
            HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
            double before = verifications(admin);
            for (int attempt = 1; attempt <= 3; attempt++) {
                assertEquals(401, get(from2, server, "alice", "guess-" + attempt).statusCode());
            }

            HttpResponse<String> refused = get(from2, server, "alice", "guess-4");

            assertEquals(429, refused.statusCode());
            assertEquals("\"Too Many Requests - too many password checks for this login\"", refused.body());
            assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);
            assertEquals(3, verifications(admin) - before, "the fourth was refused before hashing");
            assertEquals(200, get(from2, server, "bob", "bob-pw").statusCode(), "another login has its own");
        }
    }

    private static double verifications(HttpTestClient reader) {
        String metrics = reader.send(reader.request("/observe/metrics").header("Accept", "text/plain").GET()).body();
        java.util.regex.Matcher sample = java.util.regex.Pattern.compile(
                "(?m)^eventserver_password_verifications_total(?:\\{[^}]*})?\\s+(\\S+)$").matcher(metrics);
        assertTrue(sample.find(), metrics);
        return Double.parseDouble(sample.group(1));
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
                            roles: ["metrics"]
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

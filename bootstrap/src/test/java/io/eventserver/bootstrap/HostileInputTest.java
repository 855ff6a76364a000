package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.DatabaseSettings;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzz-style hostile input: thousands of generated requests — mutated and random JSON, invalid UTF-8, huge and
 * deeply nested documents, long headers and names, bad percent-encoding, duplicate headers, wrong methods,
 * truncated bodies, malformed HTTP, slow and stalled clients. The server must never answer 5xx, never hang, stay
 * healthy, and store exactly the requests it answered 200. The seed is printed; {@code -Dfuzz.seed=…} replays a
 * run and {@code -Dfuzz.requests=…} changes its size.
 */
class HostileInputTest {

    private static final String VALID = HttpTestClient.event("OrderPlaced",
            "{\"id\":42,\"items\":[{\"sku\":\"A-1\",\"qty\":2,\"price\":19.99}],\"note\":\"Grüße 😀\"}");
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

    @Test
    void mutatedDocumentsAreAnsweredWithoutServerErrorsAndOnlyAcceptedOnesAreStored() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int requests = Integer.getInteger("fuzz.requests", 2000);
        Random random = new Random(seed);
        String run = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        Map<Integer, Integer> statuses = new TreeMap<>();
        int accepted = 0;

        for (int i = 0; i < requests; i++) {
            int streamIndex = random.nextInt(20);
            String stream = run + "-" + streamIndex;
            byte[] body = mutate(random, VALID.getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(http.request("/api/v1/streams/" + stream + "/events")
                    .header("X-Producer-ID", "producer-" + streamIndex)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertTrue(List.of(200, 400, 413).contains(response.statusCode()),
                    "seed " + seed + ", request " + i + ": " + response.statusCode() + " " + response.body());
            assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
            if (response.statusCode() == 200) {
                accepted++;
            }
        }

        System.out.println("HOSTILE-INPUT seed=" + seed + " requests=" + requests + " statuses=" + statuses);
        assertEquals(accepted, storedEventsInStreamsStartingWith(run), "seed " + seed + ": stored = answered 200");
        assertHealthy();
    }

    /**
     * Mutated user documents (issue 11) sent by an admin: never a 5xx, and exactly the ones answered 201 exist
     * afterwards. Fewer than the events above: every accepted document costs a deliberately slow hash.
     */
    @Test
    void mutatedUserDocumentsAreAnsweredWithoutServerErrorsAndOnlyAcceptedOnesExist() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        String valid = "{\"password\":\"a-long-password\",\"roles\":[\"admin\"],"
                + "\"grants\":[{\"streams\":\"orders.*\",\"actions\":[\"publish\",\"consume\"]}]}";
        HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        String run = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 150; i++) {
            String login = run + "-" + i;
            byte[] body = random.nextInt(8) == 0
                    ? bytes(valid.replace("\"roles\"", "\"" + randomName(random) + "\""))
                    : mutateDocument(random, bytes(valid));
            HttpResponse<String> response = admin.send(admin.request("/api/v1/users/" + login)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertTrue(List.of(201, 400, 413).contains(response.statusCode()),
                    "seed " + seed + ", request " + i + ": " + response.statusCode() + " " + response.body());
            assertFalse(response.body().contains("pbkdf2"), "a hash never leaves the server");
            if (response.statusCode() == 201) {
                created.add(login);
            }
        }
        String users = admin.send(admin.request("/api/v1/users").GET()).body();
        Set<String> existing = new HashSet<>();
        java.util.regex.Matcher logins = java.util.regex.Pattern.compile("\"login\":\"(" + run + "-[0-9]+)\"")
                .matcher(users);
        while (logins.find()) {
            existing.add(logins.group(1));
        }
        System.out.println("HOSTILE-INPUT users seed=" + seed + " statuses=" + statuses);
        assertEquals(created, existing, "seed " + seed + ": created = answered 201");
        assertHealthy();
    }

    /**
     * Issue 29, point 3: one user trickling more publish bodies than there are request places holds at most its
     * share ({@code api.max-concurrent-requests-per-user}, by default half), and another user's publishes are
     * answered 200 while the trickle holds — each on its first attempt.
     */
    @Test
    void oneUserTricklingBodiesCannotTakeEveryRequestPlace() throws Exception {
        try (EventServer small = TestServers.start(Map.of("db.url", database.url(),
                "api.max-concurrent-requests", "8"))) {
            String stream = "trickle-" + UUID.randomUUID().toString().substring(0, 8);
            String head = "POST /api/v1/streams/" + stream + "/events HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                    + "\r\nX-Producer-ID: p\r\nContent-Type: application/json\r\nContent-Length: " + VALID.length()
                    + "\r\n\r\n";
            AtomicBoolean trickling = new AtomicBoolean(true);
            List<Socket> trickles = new ArrayList<>();
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                try {
                    for (int i = 0; i < 12; i++) {
                        Socket socket = new Socket("127.0.0.1", small.port());
                        trickles.add(socket);
                        senders.submit(() -> {
                            OutputStream out = socket.getOutputStream();
                            out.write(head.getBytes(StandardCharsets.UTF_8));
                            out.flush();
                            // a byte a quarter second: far from the end of the body, well within its time-out
                            for (int n = 0; trickling.get() && n < VALID.length() - 1; n++) {
                                out.write(VALID.charAt(n));
                                out.flush();
                                Thread.sleep(250);
                            }
                            return null;
                        });
                    }
                    HttpTestClient alice = new HttpTestClient(small.port()).as("alice", "alice-pw");
                    HttpTestClient bob = new HttpTestClient(small.port()).as("bob", "bob-pw");
                    // the trickles hold alice's share once her own next publish is refused for it
                    HttpResponse<String> more = alice.publish(stream, "p", VALID);
                    long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (more.statusCode() != 429 && System.nanoTime() < giveUpAt) {
                        Thread.sleep(50);
                        more = alice.publish(stream, "p", VALID);
                    }
                    assertEquals(429, more.statusCode(), more.body());
                    assertEquals("\"Too Many Requests - too many concurrent requests for user alice\"", more.body());
                    assertEquals("1", more.headers().firstValue("Retry-After").orElse(""));

                    String bobs = "bob-" + stream;
                    for (int i = 0; i < 4; i++) {
                        HttpResponse<String> publish = bob.publish(bobs, "bob-p", VALID);
                        assertEquals(200, publish.statusCode(), "bob's publish " + i + " while alice trickles: "
                                + publish.body());
                    }
                    assertEquals(200, bob.send(bob.request("/api/v1/streams/" + bobs).GET()).statusCode());
                } finally {
                    trickling.set(false);
                    for (Socket socket : trickles) {
                        socket.close();
                    }
                }
            }
        }
    }

    /**
     * Issue 29, points 6 and 8: logins no one could log in with or that collide with another regardless of case, and
     * passwords that are not valid Unicode, hold control characters or are only whitespace, are refused with 400
     * naming the rule, and nothing is created.
     */
    @Test
    void hostileLoginsAndPasswordsAreRefusedNamingTheRuleAndCreateNothing() {
        HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        String loginRule = "\"Bad Request - login must be 1-64 characters of [A-Za-z0-9._@-], not starting with a"
                + " dot\"";
        String tail = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> logins = new java.util.LinkedHashMap<>();
        logins.put("svc:billing-" + tail, loginRule);
        logins.put("%2e%2e", loginRule);
        logins.put("%2E%2E", loginRule);
        logins.put(".hidden-" + tail, loginRule);
        logins.put("x".repeat(65), loginRule);
        logins.put("a%00b", loginRule);
        logins.put("%C3%A4-" + tail, loginRule);
        logins.put("Admin", "\"Bad Request - login Admin differs only in case from the existing user admin (logins"
                + " are unique regardless of case)\"");
        logins.put("ALICE", "\"Bad Request - login ALICE differs only in case from the existing user alice (logins"
                + " are unique regardless of case)\"");
        for (Map.Entry<String, String> c : logins.entrySet()) {
            HttpResponse<String> refused = putUser(admin, c.getKey(), "{\"password\":\"a-long-password\"}");
            assertEquals(400, refused.statusCode(), c.getKey() + ": " + refused.body());
            if (!c.getKey().equals("%2e%2e") && !c.getKey().equals("%2E%2E") && !c.getKey().equals("a%00b")) {
                assertEquals(c.getValue(), refused.body(), c.getKey());
            }
        }
        String stored = "Case-" + tail;
        assertEquals(201, putUser(admin, stored, "{\"password\":\"a-long-password\"}").statusCode());
        HttpResponse<String> twin = putUser(admin, stored.toLowerCase(java.util.Locale.ROOT),
                "{\"password\":\"a-long-password\"}");
        assertEquals("\"Bad Request - login " + stored.toLowerCase(java.util.Locale.ROOT) + " differs only in case"
                + " from the existing user " + stored + " (logins are unique regardless of case)\"", twin.body());

        Map<String, String> passwords = new java.util.LinkedHashMap<>();
        passwords.put("\"" + " ".repeat(12) + "\"", "password must not be only whitespace");
        passwords.put("\"" + "\\u00a0\\u3000".repeat(6) + "\"", "password must not be only whitespace");
        passwords.put("\"" + "\\ud800".repeat(12) + "\"", "password must be valid Unicode (no unpaired surrogates)");
        passwords.put("\"\\udc00Za-long-password\"", "password must be valid Unicode (no unpaired surrogates)");
        passwords.put("\"a-long-password\\ud800\"", "password must be valid Unicode (no unpaired surrogates)");
        passwords.put("\"a-long\\u0000password\"", "password must not contain control characters");
        passwords.put("\"a-long\\u001bpassword\"", "password must not contain control characters");
        passwords.put("\"a-long\\u0085password\"", "password must not contain control characters");
        passwords.put("\"eleven-char\"", "password must be at least 12 characters");
        String login = "pw-" + tail;
        for (Map.Entry<String, String> c : passwords.entrySet()) {
            HttpResponse<String> refused = putUser(admin, login, "{\"password\":" + c.getKey() + "}");
            assertEquals(400, refused.statusCode(), c.getKey() + ": " + refused.body());
            assertEquals("\"Bad Request - " + c.getValue() + "\"", refused.body(), c.getKey());
        }

        String users = admin.send(admin.request("/api/v1/users").GET()).body();
        assertEquals(1, users.split("\"login\":\"[^\"]*" + tail, -1).length - 1, "only " + stored + ": " + users);
        assertFalse(users.contains("\"login\":\"..\""), users);
        assertEquals(404, admin.send(admin.request("/api/v1/users/" + login).GET()).statusCode());
    }

    private static HttpResponse<String> putUser(HttpTestClient admin, String login, String document) {
        return admin.send(admin.request("/api/v1/users/" + login).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(document)));
    }

    /**
     * Mutated merge patches of one user (issue 23): never a 5xx; after a 200 the user is what the answer says, after
     * a refusal it is what it was. No password in the valid patch: no slow hash per request.
     */
    @Test
    void mutatedUserPatchesAreAnsweredWithoutServerErrorsAndARefusedOneChangesNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        String valid = "{\"roles\":[\"admin\"],\"grants\":[{\"streams\":\"orders.*\",\"actions\":[\"consume\"]}]}";
        HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        String path = "/api/v1/users/fuzz-patch-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, admin.send(admin.request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"a-long-password\"}"))).statusCode());
        String current = admin.send(admin.request(path).GET()).body();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < 150; i++) {
            byte[] body = random.nextInt(8) == 0
                    ? bytes(valid.replace("\"roles\"", "\"" + randomName(random) + "\""))
                    : mutateDocument(random, bytes(valid));
            HttpResponse<String> response = admin.send(admin.request(path)
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)));
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertTrue(List.of(200, 400, 413).contains(response.statusCode()),
                    "seed " + seed + ", request " + i + ": " + response.statusCode() + " " + response.body());
            if (response.statusCode() == 200) {
                current = response.body();
            }
            assertEquals(current, admin.send(admin.request(path).GET()).body(), "seed " + seed + ", request " + i);
        }
        System.out.println("HOSTILE-INPUT user patches seed=" + seed + " statuses=" + statuses);
        assertHealthy();
    }

    /**
     * Issue 25: mutated retention documents, to a stream the caller owns and to an unknown one. Never a 5xx; a refused
     * one changes nothing, an accepted one is read back as answered.
     */
    @Test
    void mutatedRetentionDocumentsAreAnsweredWithoutServerErrorsAndARefusedOneChangesNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        String stream = "fuzz-retention-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, http.publish(stream, "fuzz-retention-owner", VALID).statusCode());
        String path = "/api/v1/streams/" + stream + "/retention";
        String valid = "{\"maxAge\":\"P7D\",\"maxEvents\":1000000}";
        String current = http.send(http.request(path).GET()).body();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < 150; i++) {
            byte[] body = switch (random.nextInt(8)) {
                case 0 -> bytes(valid.replace("\"P7D\"", "\"" + randomName(random) + "\""));
                case 1 -> bytes(valid.replace("1000000", Long.toString(random.nextLong())));
                case 2 -> bytes("{\"maxAge\":\"PT" + random.nextInt(3) + "." + random.nextInt(1000) + "S\"}");
                default -> mutateDocument(random, bytes(valid));
            };
            HttpResponse<String> response = http.send(http.request(path).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertTrue(List.of(200, 400, 413).contains(response.statusCode()),
                    "seed " + seed + ", request " + i + ": " + response.statusCode() + " " + response.body());
            if (response.statusCode() == 200) {
                current = response.body();
            }
            assertEquals(current, http.send(http.request(path).GET()).body(), "seed " + seed + ", request " + i);
        }
        assertEquals(404, http.send(http.request("/api/v1/streams/fuzz-nothing-" + UUID.randomUUID() + "/retention")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(valid))).statusCode());
        System.out.println("HOSTILE-INPUT retention seed=" + seed + " statuses=" + statuses);
        assertHealthy();
    }

    private static byte[] mutateDocument(Random random, byte[] valid) {
        return switch (random.nextInt(6)) {
            case 0 -> valid;
            case 1 -> deleteBytes(random, valid);
            case 2 -> insertBytes(random, valid, "{}[]\",:\\0123456789*. ".getBytes(StandardCharsets.UTF_8));
            case 3 -> java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
            case 4 -> nested(random.nextInt(100) + 1);
            default -> insertBytes(random, valid, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0, 1});
        };
    }

    /**
     * Batches of junk (issue 10): mutated arrays of valid documents, arrays far beyond the batch limit, arrays of
     * non-objects, and idempotency keys with bytes outside printable ASCII. Never a 5xx; a batch is stored whole
     * (all its ids answered) or not at all.
     */
    @Test
    void junkBatchesAndKeysAreAnsweredWithoutServerErrorsAndStoredWholeOrNotAtAll() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        String run = "fuzz-batch-" + UUID.randomUUID().toString().substring(0, 8);
        String valid = "[" + VALID + "," + VALID.replace("OrderPlaced", "OrderPaid") + "," + VALID + "]";
        Map<Integer, Integer> statuses = new TreeMap<>();
        int acceptedEvents = 0;
        for (int i = 0; i < 400; i++) {
            int streamIndex = random.nextInt(10);
            byte[] body = switch (random.nextInt(10)) {
                case 0 -> bytes("[" + "{},".repeat(2000) + "{}]");
                case 1 -> bytes("[" + "1,".repeat(random.nextInt(50)) + "null]");
                case 2 -> bytes("[" + (VALID + ",").repeat(1000) + VALID + "]");
                default -> mutate(random, bytes(valid));
            };
            HttpResponse<String> response = http.send(http.request("/api/v1/streams/" + run + "-" + streamIndex
                            + "/events")
                    .header("X-Producer-ID", "producer-" + streamIndex)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "fuzz-" + i)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertTrue(List.of(200, 400, 413).contains(response.statusCode()),
                    "seed " + seed + ", request " + i + ": " + response.statusCode() + " " + response.body());
            if (response.statusCode() == 200) {
                acceptedEvents += response.body().startsWith("[") ? response.body().split(",").length : 1;
            }
        }
        for (byte[] key : List.of(new byte[] {(byte) 0xC3, (byte) 0xBC}, new byte[] {0x7F},
                new byte[] {'a', ' ', 'b'})) {
            byte[] head = bytes("POST /api/v1/streams/" + run + "-keys/events HTTP/1.1\r\nHost: x\r\nAuthorization: "
                    + AUTH + "\r\nX-Producer-ID: p\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes(VALID).length + "\r\nConnection: close\r\nIdempotency-Key: ");
            byte[] request = java.nio.ByteBuffer.allocate(head.length + key.length + 4 + bytes(VALID).length)
                    .put(head).put(key).put(bytes("\r\n\r\n")).put(bytes(VALID)).array();
            String status = exchange(request, 0);
            assertTrue(status.startsWith("HTTP/1.1 400"), "key " + java.util.Arrays.toString(key) + ": " + status);
        }
        for (String wait : List.of("-1", "31", "1e3", "0x10", "%00", "1%20", "99999999999999999999", "+1", " 1",
                "1.0", "NaN", "&wait=", "%E2%80%8B1")) {
            HttpResponse<String> response = http.send(http.request("/api/v1/streams/" + run + "-0/events?eventName=A"
                    + "&limit=1&wait=" + wait.replace(" ", "%20")).header("X-Consumer-ID", "c").GET());
            assertTrue(List.of(400, 404).contains(response.statusCode()), "wait=" + wait + ": "
                    + response.statusCode() + " " + response.body());
        }
        System.out.println("HOSTILE-INPUT batches seed=" + seed + " statuses=" + statuses + " events="
                + acceptedEvents);
        assertEquals(acceptedEvents, storedEventsInStreamsStartingWith(run), "seed " + seed
                + ": stored = the ids answered 200");
        assertHealthy();
    }

    /**
     * Issue 24: hostile values of every new parameter and body — lease, maxInFlight and maxDeliveries on a read; action,
     * delay and lease in the form of one event; mutated batch acknowledgements; the dead-letter routes' parameters.
     * Never a 5xx, and none of them changes the consumer's cursor or lease state.
     */
    @Test
    void hostileLeaseParametersFormsAndBatchesAreRefusedAndChangeNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        String stream = "fuzz-lease-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(http.publish(stream, "shop", VALID).body().replace("\"", ""));
        }
        String consumer = "hostile-leaser";
        String events = "/api/v1/streams/" + stream + "/events";
        HttpResponse<String> leased = http.send(http.request(events + "?eventName=OrderPlaced&limit=2&lease=600")
                .header("X-Consumer-ID", consumer).GET());
        assertEquals(200, leased.statusCode(), leased.body());
        String before = leaseState(consumer);
        Map<Integer, Integer> statuses = new TreeMap<>();

        List<String> values = List.of("-1", "0", "1e3", "0x10", "%00", "1%20", "99999999999999999999", "+1", "%201",
                "1.0", "NaN", "", "%E2%80%8B1");
        Map<String, String> aboveRange = Map.of("lease", "601", "maxInFlight", "1001", "maxDeliveries", "101");
        for (String parameter : List.of("lease", "maxInFlight", "maxDeliveries")) {
            List<String> hostile = new ArrayList<>(values);
            hostile.add(aboveRange.get(parameter));
            hostile.add("1&" + parameter + "=2");
            for (String value : hostile) {
                String query = parameter.equals("lease") ? "lease=" + value : "lease=5&" + parameter + "=" + value;
                HttpResponse<String> response = http.send(http.request(events + "?eventName=OrderPlaced&limit=1&"
                        + query).header("X-Consumer-ID", consumer).GET());
                statuses.merge(response.statusCode(), 1, Integer::sum);
                assertEquals(400, response.statusCode(), query + ": " + response.body());
            }
        }
        for (String query : List.of("maxInFlight=1", "maxDeliveries=1", "lease=5&wait=31", "lease=5&limit=0")) {
            HttpResponse<String> response = http.send(http.request(events + "?eventName=OrderPlaced&limit=1&"
                    + query).header("X-Consumer-ID", consumer).GET());
            assertEquals(400, response.statusCode(), query + ": " + response.body());
        }

        for (String form : List.of("action=NACK&delay=-1", "action=NACK&delay=601", "action=NACK&delay=1e3",
                "action=NACK&delay=", "action=EXTEND", "action=EXTEND&lease=0", "action=EXTEND&lease=601",
                "action=EXTEND&lease=%00", "action=nack", "action=NACK%00", "action=NACK&action=ACK", "action=RETRY",
                "action=EXTEND&lease=1&lease=2", "delay=5", "action=NACK&delay=99999999999", "action=%FF",
                "action=NACK&delay=%E2%80%8B1")) {
            HttpResponse<String> response = http.send(http.request(events + "/" + ids.get(0))
                    .header("X-Consumer-ID", consumer).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertEquals(400, response.statusCode(), form + ": " + response.body());
        }
        HttpResponse<String> notLeased = http.send(http.request(events + "/" + ids.get(2))
                .header("X-Consumer-ID", consumer).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=NACK")));
        assertEquals(409, notLeased.statusCode(), notLeased.body());

        // every well-formed variant names an unknown event: answered 404 before anything changes
        String valid = "{\"action\":\"NACK\",\"eventIds\":[\"" + ids.get(0) + "\",\"" + ids.get(2) + "\",\""
                + UUID.randomUUID() + "\"],\"delay\":0,\"lease\":5}";
        String acknowledgements = "/api/v1/streams/" + stream + "/acknowledgements";
        for (int i = 0; i < 300; i++) {
            byte[] body = switch (random.nextInt(12)) {
                case 0 -> bytes("{\"action\":\"ACK\",\"eventIds\":[" + ("\"" + UUID.randomUUID() + "\",")
                        .repeat(1001) + "\"" + ids.get(0) + "\"]}");
                case 1 -> bytes("{\"action\":\"ACK\",\"eventIds\":[]}");
                case 2 -> bytes(valid.replace("\"delay\":0", "\"delay\":" + randomScalar(random)));
                case 3 -> bytes(valid.replace("\"lease\":5", "\"lease\":" + randomScalar(random)));
                case 4 -> bytes(valid.replace("\"NACK\"", randomScalar(random)));
                case 5 -> bytes(valid.replace("{\"action\"", "{\"" + randomName(random) + "\":1,\"action\""));
                case 6 -> bytes(valid.replace("{\"action\":\"NACK\"", "{\"action\":\"NACK\",\"action\":\"ACK\""));
                case 7 -> bytes(valid.replace("[\"", "[" + "[".repeat(random.nextInt(50)) + "\""));
                default -> mutate(random, bytes(valid));
            };
            HttpResponse<String> response = http.send(http.request(acknowledgements)
                    .header("X-Consumer-ID", consumer).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertTrue(List.of(400, 404, 413).contains(response.statusCode()),
                    "seed " + seed + ", batch " + i + ": " + response.statusCode() + " " + response.body());
        }

        String deadLetters = "/api/v1/streams/" + stream + "/consumers/" + consumer + "/dead-letters";
        for (String query : List.of("", "?eventName=", "?eventName=OrderPlaced&after=-1",
                "?eventName=OrderPlaced&after=x", "?eventName=OrderPlaced&limit=0", "?eventName=OrderPlaced&limit=1001",
                "?eventName=OrderPlaced&after=99999999999999999999", "?eventName=%ED%A0%80")) {
            HttpResponse<String> response = http.send(http.request(deadLetters + query).GET());
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertEquals(400, response.statusCode(), query + ": " + response.body());
        }
        for (String form : List.of("action=retry", "", "action=RETRY&action=RETRY", "action=DELETE")) {
            HttpResponse<String> response = http.send(http.request(deadLetters + "/" + ids.get(0))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertEquals(400, response.statusCode(), form + ": " + response.body());
        }
        assertEquals(404, http.send(http.request(deadLetters + "/" + ids.get(0))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=RETRY"))).statusCode(), "a leased event");
        assertEquals(404, http.send(http.request(deadLetters + "/" + UUID.randomUUID()).DELETE()).statusCode());
        assertEquals(400, http.send(http.request(deadLetters + "/not-a-uuid").DELETE()).statusCode());

        System.out.println("HOSTILE-INPUT leases seed=" + seed + " statuses=" + statuses);
        assertEquals(before, leaseState(consumer), "seed " + seed + ": nothing refused changed the lease state");
        assertHealthy();
    }

    /** A consumer's cursors and lease rows, as text to compare. */
    private static String leaseState(String consumer) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url());
             PreparedStatement query = connection.prepareStatement("select c.event_sequence_id,"
                     + " c.acknowledged_sequence, c.leased_through, c.acknowledged_at, string_agg(l.sequence || ':'"
                     + " || l.state || ':' || l.deliveries || ':' || l.until, ',' order by l.sequence)"
                     + " from consumer_cursors c left join consumer_leases l on l.event_sequence_id ="
                     + " c.event_sequence_id and l.consumer_id = c.consumer_id where c.consumer_id = ?"
                     + " group by 1, 2, 3, 4 order by 1")) {
            query.setString(1, consumer);
            StringBuilder state = new StringBuilder();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    for (int column = 1; column <= 5; column++) {
                        state.append(rows.getString(column)).append(' ');
                    }
                    state.append('\n');
                }
            }
            return state.toString();
        }
    }

    @Test
    void hostileSchemasAreRefusedOrBoundedAndNeverFetchAnything() throws Exception {
        String stream = "hostile-schemas-" + UUID.randomUUID();
        String producer = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, http.publish(stream, producer, VALID).statusCode());
        String schemas = "/api/v1/streams/" + stream + "/event-names/OrderPlaced/schemas/";
        try (java.net.ServerSocket remote = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + remote.getLocalPort() + "/s.json";
            Map<String, String> hostile = new java.util.LinkedHashMap<>();
            hostile.put("huge", "{\"description\":\"" + "x".repeat(70_000) + "\"}");
            hostile.put("deeply nested", "{\"items\":".repeat(5_000) + "{}" + "}".repeat(5_000));
            hostile.put("remote $ref", "{\"$ref\":\"" + url + "\"}");
            hostile.put("remote $ref deep inside", "{\"properties\":{\"a\":{\"items\":{\"$ref\":\"" + url
                    + "#/x\"}}}}");
            hostile.put("remote $id and a relative $ref", "{\"$id\":\"" + url + "\",\"$ref\":\"other.json\"}");
            hostile.put("remote meta-schema", "{\"$schema\":\"" + url + "\"}");
            hostile.put("endless self-reference", "{\"allOf\":[{\"$ref\":\"#\"}]}");
            hostile.put("not JSON", "{\"type\":");
            hostile.put("invalid pattern", "{\"pattern\":\"(((\"}");
            for (Map.Entry<String, String> schema : hostile.entrySet()) {
                HttpResponse<String> answer = http.send(http.request(schemas + "1")
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(schema.getValue())));
                assertTrue(answer.statusCode() == 400 || answer.statusCode() == 413,
                        schema.getKey() + ": " + answer.statusCode() + " " + answer.body());
            }
            remote.setSoTimeout(100);
            assertThrows(SocketTimeoutException.class, remote::accept, "the server fetched nothing");
        }
        assertEquals("{\"versions\":[]}", http.send(http.request(schemas.substring(0, schemas.length() - 1))
                .GET()).body(), "no refused schema was stored");

        // a pattern built to backtrack (cubic on the JDK's engine) is accepted as a schema, and costs a bounded time
        // per payload: 5,000 characters would take some 10^11 steps unbounded
        assertEquals(201, http.send(http.request(schemas + "1").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"properties\":{\"note\":{\"pattern\":\"(x+x+)+y\"}}}")))
                .statusCode());
        HttpResponse<String> slow = http.publish(stream, producer, HttpTestClient.event("OrderPlaced",
                "{\"note\":\"" + "x".repeat(5_000) + "\"}"));
        assertEquals(422, slow.statusCode(), slow.body());
        assertEquals(200, http.publish(stream, producer, HttpTestClient.event("OrderPlaced",
                "{\"note\":\"xxy\"}")).statusCode());
    }

    @Test
    void hostileSearchParametersAreRefusedWithoutServerErrors() {
        String stream = "hostile-search-" + UUID.randomUUID();
        assertEquals(200, http.publish(stream, "searcher-" + UUID.randomUUID().toString().substring(0, 8), VALID)
                .statusCode());
        String browse = "/api/v1/streams/" + stream + "/event-names/OrderPlaced/events?";
        List<String> hostile = List.of("since=", "since=2026-12-05", "since=2026-12-05T25:00:00Z",
                "since=%00", "until=9999999999-01-01T00:00:00Z", "since=2026-12-05T00:00:00Z&since=2026-12-06T00:00:00Z",
                "contains=", "contains=null", "contains=42", "contains=%22x%22", "contains=%7B%22a%22%3A%22%5Cu0000%22%7D",
                "contains=" + "%5B".repeat(10_000), "contains=" + "%7B%22a%22%3A".repeat(2_000) + "1"
                        + "%7D".repeat(2_000), "contains=%7B%7D&contains=%7B%7D", "limit=0&contains=%7B%7D");
        for (String query : hostile) {
            HttpResponse<String> answer = http.send(http.request(browse + query).GET());
            assertTrue(answer.statusCode() == 400 || answer.statusCode() == 414 || answer.statusCode() == 431,
                    query.substring(0, Math.min(60, query.length())) + ": " + answer.statusCode() + " "
                            + answer.body());
        }
        assertEquals(200, http.send(http.request(browse + "contains=%7B%7D").GET()).statusCode(),
                "the server still answers");
    }

    @Test
    void malformedHttpNeverGetsA5xxAndNeverHangsTheServer() throws Exception {
        String events = "/api/v1/streams/raw-" + UUID.randomUUID() + "/events";
        String json = "Content-Type: application/json\r\n";
        String valid = VALID;
        List<String> requests = new ArrayList<>(List.of(
                "GET /api/v1/streams/%zz/events?eventName=A&limit=1 HTTP/1.1\r\nAuthorization: " + AUTH + "\r\n",
                "GET " + events + "?eventName=%G1&limit=1 HTTP/1.1\r\nAuthorization: " + AUTH
                        + "\r\nX-Consumer-ID: c\r\n",
                "GET " + events + "?eventName=A&limit=1%00 HTTP/1.1\r\nAuthorization: " + AUTH
                        + "\r\nX-Consumer-ID: c\r\n",
                "POST " + events + " HTTP/1.1\r\nAuthorization: " + AUTH + "\r\nX-Producer-ID: a\r\nX-Producer-ID: b\r\n"
                        + json + "Content-Length: " + valid.length() + "\r\n\r\n" + valid,
                "POST " + events + " HTTP/1.1\r\nAuthorization: " + AUTH + "\r\nX-Producer-ID: a\r\n" + json + json
                        + "Content-Length: " + valid.length() + "\r\n\r\n" + valid,
                "POST " + events + " HTTP/1.1\r\nAuthorization: " + AUTH + "\r\nAuthorization: Basic eDp5\r\n"
                        + "X-Producer-ID: a\r\n" + json + "Content-Length: 2\r\n\r\n{}",
                "GET " + events + "?eventName=A&limit=1 HTTP/1.1\r\nAuthorization: " + AUTH + "\r\nX-Consumer-ID: "
                        + "c".repeat(20_000) + "\r\n",
                "GET /api/v1/streams/" + "s".repeat(10_000) + "/events?eventName=A&limit=1 HTTP/1.1\r\nAuthorization: "
                        + AUTH + "\r\nX-Consumer-ID: c\r\n",
                "GET " + events + "?eventName=" + "e".repeat(5_000) + "&limit=1 HTTP/1.1\r\nAuthorization: " + AUTH
                        + "\r\nX-Consumer-ID: c\r\n",
                "GET " + events + "?eventName=A&limit=1 HTTP/1.1\r\nAuthorization: " + AUTH + "\r\nX-Consumer-ID: c\r\n"
                        + "X-Filler: x\r\n".repeat(2_000),
                "POST " + events + " HTTP/1.1\r\nAuthorization: " + AUTH + "\r\nX-Producer-ID: a\r\n" + json
                        + "Transfer-Encoding: chunked\r\n\r\nZZZ\r\nnot a chunk\r\n0\r\n\r\n",
                "POST " + events + " HTTP/1.1\r\nAuthorization: " + AUTH + "\r\nX-Producer-ID: a\r\n" + json
                        + "Content-Length: -5\r\n\r\n",
                "POST " + events + " HTTP/1.1\r\nAuthorization: " + AUTH + "\r\nX-Producer-ID: a\r\n" + json
                        + "Content-Length: abc\r\n\r\n",
                "POST " + events + " HTTP/1.1\r\nAuthorization: " + AUTH + "\r\nX-Producer-ID: a\r\n" + json
                        + "Content-Length: 99999999999999999999\r\n\r\n",
                "GARBAGE\r\n",
                "GET\r\n",
                "GET / HTTP/1.x\r\n",
                "GET /observe/health HTTP/1.1\r\nBad Header Without Colon\r\n",
                "GET /observe/health HTTP/1.1\r\n: empty-name\r\n",
                "GET /observe/health HTTP/1.1\r\nX-Ctl: a\u0001b\r\n",
                "\u0000\u0001\u0002\u0003\r\n",
                // the console's routes (issue 14): its files and the browse route
                "GET /console/..%2f..%2fpom.xml HTTP/1.1\r\n",
                "GET /console/%00 HTTP/1.1\r\n",
                "GET /console/" + "v/".repeat(3_000) + " HTTP/1.1\r\n",
                "GET /console/app.js HTTP/1.1\r\nIf-None-Match: " + "\"x\",".repeat(1_000) + "\r\n",
                "GET /api/v1/streams/s/event-names/%zz/events HTTP/1.1\r\nAuthorization: " + AUTH + "\r\n",
                "GET /api/v1/streams/s/event-names/A/events?after=99999999999999999999 HTTP/1.1\r\nAuthorization: "
                        + AUTH + "\r\n",
                "GET /api/v1/streams/s/event-names/A/events?after=1 HTTP/1.1\r\nAuthorization: " + AUTH
                        + "\r\nAccept: text/event-stream\r\nLast-Event-ID: -1\r\n",
                "GET /api/v1/streams?filter=%ff%fe HTTP/1.1\r\nAuthorization: " + AUTH + "\r\n"));
        for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "FOO", "CONNECT")) {
            requests.add(method + " " + events + " HTTP/1.1\r\nAuthorization: " + AUTH + "\r\n");
            requests.add(method + " " + events + "/" + UUID.randomUUID() + " HTTP/1.1\r\nAuthorization: " + AUTH + "\r\n");
        }
        Random random = new Random(Long.getLong("fuzz.seed", System.nanoTime()));
        for (int i = 0; i < 300; i++) {
            byte[] line = new byte[1 + random.nextInt(200)];
            random.nextBytes(line);
            requests.add(new String(line, StandardCharsets.ISO_8859_1) + "\r\n");
        }

        for (String request : requests) {
            String head = request.contains("\r\n\r\n") ? request : request + "Host: localhost\r\n\r\n";
            String statusLine = exchange(head.getBytes(StandardCharsets.ISO_8859_1), 0);
            assertNoServerError(statusLine, request);
        }
        assertEquals(404, http.consume(events.split("/")[4], "c", "A", 1).statusCode(), "nothing was stored");
        assertHealthy();
    }

    /**
     * Issue 26: hostile {@code X-Expected-Sequence} values are refused with 400 and store nothing; hostile
     * {@code traceparent} and {@code tracestate} values — huge, repeated, with control characters or bytes that are
     * no ASCII, upper-case, all zeros, thousands of list-members — never refuse a publish and are never stored.
     */
    @Test
    void hostileExpectedSequencesAreRefusedAndHostileTraceContextsIgnored() throws Exception {
        String run = "hostile-trace-" + UUID.randomUUID().toString().substring(0, 8);
        for (String expected : List.of("-1", "1e3", "0x10", "+1", "1.0", "NaN", "99999999999999999999",
                "1234567890123456789", "1 2", "1,2", "")) {
            HttpResponse<String> response = http.send(http.request("/api/v1/streams/" + run + "/events")
                    .header("X-Producer-ID", "p").header("Content-Type", "application/json")
                    .header("X-Expected-Sequence", expected)
                    .POST(HttpRequest.BodyPublishers.ofString(VALID)));
            assertEquals(400, response.statusCode(), "X-Expected-Sequence " + expected + ": " + response.body());
            assertTrue(response.body().startsWith("\"Bad Request - "), response.body());
        }
        HttpResponse<String> twice = http.send(http.request("/api/v1/streams/" + run + "/events")
                .header("X-Producer-ID", "p").header("Content-Type", "application/json")
                .header("X-Expected-Sequence", "0").header("X-Expected-Sequence", "0")
                .POST(HttpRequest.BodyPublishers.ofString(VALID)));
        assertEquals(400, twice.statusCode(), twice.body());
        for (byte[] value : List.of(new byte[] {'0', 0x7F}, new byte[] {(byte) 0xC3, (byte) 0xBC},
                new byte[] {'0', 0x01})) {
            String status = exchange(raw(run, "X-Expected-Sequence", value), 0);
            assertTrue(status.startsWith("HTTP/1.1 400"), java.util.Arrays.toString(value) + ": " + status);
        }
        assertEquals(0, storedEventsInStreamsStartingWith(run), "a refused expectation stores nothing");

        String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        List<String[]> hostile = List.of(
                new String[] {valid.toUpperCase(), "a=b"},
                new String[] {"00-" + "0".repeat(32) + "-00f067aa0ba902b7-01", "a=b"},
                new String[] {"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-" + "x".repeat(7000), "a=b"},
                new String[] {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" + "-".repeat(500), "a=b"},
                new String[] {"%30%30-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "a=b"},
                new String[] {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "a=b"});
        for (String[] trace : hostile) {
            HttpResponse<String> response = http.send(http.request("/api/v1/streams/" + run + "/events")
                    .header("X-Producer-ID", "p").header("Content-Type", "application/json")
                    .header("traceparent", trace[0]).header("tracestate", trace[1])
                    .POST(HttpRequest.BodyPublishers.ofString(VALID)));
            assertEquals(200, response.statusCode(), trace[0] + ": " + response.body());
        }
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            members.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
        }
        for (String tracestate : List.of(members.toString(), "a=\"\\\"", "a=" + "y".repeat(6000), ",,,,",
                "a=b,a=c")) {
            HttpResponse<String> response = http.send(http.request("/api/v1/streams/" + run + "-state/events")
                    .header("X-Producer-ID", "p").header("Content-Type", "application/json")
                    .header("traceparent", valid).header("tracestate", tracestate)
                    .POST(HttpRequest.BodyPublishers.ofString(VALID)));
            assertEquals(200, response.statusCode(), response.body());
        }
        for (byte[] value : List.of(new byte[] {'0', '0', '-', 0x7F}, new byte[] {(byte) 0xC3, (byte) 0xBC},
                bytes(valid.substring(0, 54) + "\u00e9"))) {
            String status = exchange(raw(run, "traceparent", value), 0);
            assertTrue(status.startsWith("HTTP/1.1 200") || status.startsWith("HTTP/1.1 400"),
                    java.util.Arrays.toString(value) + ": " + status);
        }
        HttpResponse<String> page = http.consume(run, "reader", "OrderPlaced", 100);
        assertEquals(200, page.statusCode(), page.body());
        assertFalse(page.body().contains("traceparent"), "no hostile traceparent is stored: " + page.body());
        HttpResponse<String> states = http.consume(run + "-state", "reader", "OrderPlaced", 100);
        assertEquals(200, states.statusCode(), states.body());
        assertTrue(states.body().contains("\"tracestate\":\"a=\\\"\\\\\\\"\""), "quotes kept as JSON: "
                + states.body());
        assertHealthy();
    }

    /** A publish of {@link #VALID} by raw bytes, with one header's value as given. */
    private static byte[] raw(String stream, String header, byte[] value) {
        byte[] head = bytes("POST /api/v1/streams/" + stream + "/events HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + AUTH + "\r\nX-Producer-ID: p\r\nContent-Type: application/json\r\nContent-Length: "
                + bytes(VALID).length + "\r\nConnection: close\r\n" + header + ": ");
        return java.nio.ByteBuffer.allocate(head.length + value.length + 4 + bytes(VALID).length)
                .put(head).put(value).put(bytes("\r\n\r\n")).put(bytes(VALID)).array();
    }

    /**
     * Issue 29, point 6: a lone surrogate escaped in event.name was stored as "?", so that "\\ud800Z", "\\udc00Z"
     * and "?Z" became one name with one sequence and one offset. Every text the server keys on refuses unpaired
     * surrogates and control characters with 400 — in the JSON body, and raw or percent-encoded in the path, the
     * query and the headers — and stores nothing.
     */
    /**
     * Issue 25: the DELETE routes with hostile paths and callers — bad percent-encoding, surrogates, control
     * characters, overlong names, ids that are no UUIDs, bodies and headers they do not expect, callers who may not —
     * are answered 4xx, never 5xx, and delete or redact nothing.
     */
    @Test
    void hostileDeletionsAreRefusedAndDeleteNothing() throws Exception {
        String stream = "keep-" + UUID.randomUUID();
        HttpResponse<String> published = http.publish(stream, "p", VALID);
        assertEquals(200, published.statusCode(), published.body());
        String id = published.body().replace("\"", "");
        assertEquals(200, http.acknowledge(stream, "c", id).statusCode());
        HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        String base = "/api/v1/streams/";
        List<String> targets = new ArrayList<>(List.of(
                base + "%ED%A0%80" + stream, base + stream + "%00", base + stream + "%C3", base + "%0D%0A" + stream,
                base + "x".repeat(300), base + "%20", base + stream + "/events/not-a-uuid",
                base + stream + "/events/" + id + "x", base + stream + "/events/%ED%A0%80",
                base + stream + "/events/" + id.toUpperCase(java.util.Locale.ROOT) + "%00",
                base + stream + "/consumers/%ED%A0%80", base + stream + "/consumers/c%00",
                base + stream + "/consumers/" + "c".repeat(300), base + stream + "/consumers/c%C3",
                base + stream + "/events/" + id + "/x", base + stream + "/consumers/c/offsets"));
        for (String target : targets) {
            for (HttpTestClient caller : List.of(admin, http)) {
                HttpResponse<String> answer = caller.send(caller.request(target)
                        .header("Content-Type", "application/json")
                        .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"sequence\":0}")));
                assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, target + ": " + answer.statusCode()
                        + " " + answer.body());
            }
        }
        // allowed routes, callers who may not
        for (String target : List.of(base + stream, base + stream + "/events/" + id)) {
            assertEquals(403, http.send(http.request(target).DELETE()).statusCode(), target);
        }
        HttpTestClient bob = new HttpTestClient(server.port()).as("bob", "bob-pw");
        assertEquals(403, bob.send(bob.request(base + stream + "/consumers/c").DELETE()).statusCode());
        assertEquals(401, new HttpTestClient(server.port()).send(new HttpTestClient(server.port())
                .request(base + stream).DELETE()).statusCode());
        // raw bytes: a DELETE whose path carries a control character and one with a surrogate's bytes
        for (String path : List.of(base + stream + "\u0001", base + stream + "/events/" + id + "\u00ed\u00a0\u0080")) {
            String request = "DELETE " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
                    + HttpTestClient.basic("admin", "admin-pw") + "\r\n\r\n";
            assertNoServerError(exchange(request.getBytes(StandardCharsets.ISO_8859_1), 0), request);
        }

        HttpResponse<String> kept = http.send(http.request(base + stream + "/events/" + id).GET());
        assertEquals(200, kept.statusCode(), kept.body());
        assertTrue(kept.body().contains("\"payload\""), "not redacted: " + kept.body());
        assertEquals(0, http.consume(stream, "c", "OrderPlaced", 10).body().split("\"eventId\"").length - 1,
                "the consumer's offset is still there");
        assertEquals(1, storedEventsInStreamsStartingWith(stream));
        assertHealthy();
    }

    @Test
    void unpairedSurrogatesAndControlCharactersInKeyedTextsAreRefusedAndNeverCollapseIntoOneName()
            throws Exception {
        String stream = "names-" + UUID.randomUUID();
        for (String escaped : List.of("\\ud800Z", "\\udc00Z", "Z\\udbff", "\\udc00\\ud800Z", "\\u0000Z",
                "\\u001fZ", "Z\\u007f", "Z\\u0085", "Z\\r\\nX")) {
            HttpResponse<String> refused = http.publish(stream, "p", VALID.replace("OrderPlaced", escaped));
            assertEquals(400, refused.statusCode(), escaped + ": " + refused.body());
            assertTrue(refused.body().startsWith("\"Bad Request - event.name must"), refused.body());
            HttpResponse<String> inBatch = http.publish(stream, "p", "[" + VALID + ","
                    + VALID.replace("OrderPlaced", escaped) + "]");
            assertEquals(400, inBatch.statusCode(), escaped + ": " + inBatch.body());
            assertTrue(inBatch.body().startsWith("\"Bad Request - [1].event.name must"), inBatch.body());
        }
        assertEquals(404, http.consume(stream, "c", "OrderPlaced", 1).statusCode(), "nothing was stored");

        assertEquals(200, http.publish(stream, "p", VALID.replace("OrderPlaced", "?Z")).statusCode());
        String events = "/api/v1/streams/" + stream + "/events";
        for (String target : List.of(events + "?eventName=%ED%A0%80Z&limit=10",
                events + "?eventName=%ED%B0%80Z&limit=10", events + "?eventName=Z%C3&limit=10",
                events + "?eventName=%00Z&limit=10", events + "?eventName=Z%0D%0A&limit=10",
                "/api/v1/streams/" + stream + "/event-names/%ED%A0%80Z/events",
                "/api/v1/streams/" + stream + "/event-names/Z%00/events",
                "/api/v1/streams/%ED%A0%80" + stream + "/events?eventName=Z&limit=1")) {
            HttpResponse<String> refused = http.send(http.request(target).header("X-Consumer-ID", "c").GET());
            assertEquals(400, refused.statusCode(), target + ": " + refused.body());
        }
        // raw bytes: an encoded surrogate and a control character in the headers the server keys on
        for (String header : List.of("X-Consumer-ID: c\u00ed\u00a0\u0080", "X-Consumer-ID: c\u0001d")) {
            String request = "GET " + events + "?eventName=Z&limit=1 HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                    + "\r\n" + header + "\r\n\r\n";
            String statusLine = exchange(request.getBytes(StandardCharsets.ISO_8859_1), 0);
            assertTrue(statusLine.startsWith("HTTP/1.1 400"), header + ": " + statusLine);
        }
        String rawBody = VALID.replace("OrderPlaced", "Z");
        String rawPublish = "POST " + events + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                + "\r\nX-Producer-ID: p\u00ed\u00a0\u0080\r\nContent-Type: application/json\r\nContent-Length: "
                + rawBody.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(rawPublish.getBytes(StandardCharsets.ISO_8859_1));
        raw.write(rawBody.getBytes(StandardCharsets.UTF_8));
        assertTrue(exchange(raw.toByteArray(), 0).startsWith("HTTP/1.1 400"));

        String stored = http.consume(stream, "checker", "?Z", 100).body();
        assertEquals(1, stored.split("\"eventId\"").length - 1, "only the one event named ?Z: " + stored);
        assertEquals(1, storedEventsInStreamsStartingWith(stream), "nothing else was stored");
        assertHealthy();
    }

    @Test
    void truncatedBodiesAndSlowOrStalledClientsDoNotHurtOthers() throws Exception {
        String stream = "slow-" + UUID.randomUUID();
        String events = "/api/v1/streams/" + stream + "/events";
        // a body cut short: the client announces 500 bytes, sends 100 and goes away
        for (int i = 0; i < 20; i++) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + events + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                        + "\r\nX-Producer-ID: p\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                        + VALID.substring(0, 100)).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        // stalled clients hold connections with half a request
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.getOutputStream().write(("POST " + events + " HTTP/1.1\r\nHost: x\r\nAuth")
                        .getBytes(StandardCharsets.UTF_8));
                stalled.add(socket);
            }
            // a slow client, one byte at a time, still gets its answer
            String slow = "GET " + events + "?eventName=A&limit=1 HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                    + "\r\nX-Consumer-ID: c\r\n\r\n";
            assertTrue(exchange(slow.getBytes(StandardCharsets.UTF_8), 2).startsWith("HTTP/1.1 404"));
            // and everybody else is served meanwhile
            assertEquals(200, http.publish(stream, "p", VALID).statusCode());
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        String stored = http.consume(stream, "checker", "OrderPlaced", 100).body();
        assertEquals(1, stored.split("\"eventId\"").length - 1, "the truncated publishes stored nothing");
        assertHealthy();
    }

    /** Sends raw bytes (optionally slowly) and returns the status line, or "" when the server closed without one. */
    private static String exchange(byte[] request, int millisPerByte) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            try {
                if (millisPerByte == 0) {
                    out.write(request);
                } else {
                    for (byte b : request) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(millisPerByte);
                    }
                }
                out.flush();
            } catch (IOException e) {
                // the server may close early on garbage; then there is simply no answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                    line.write(b);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within 60 s (the server hangs)", e);
            } catch (IOException e) {
                return "";
            }
            return line.toString(StandardCharsets.ISO_8859_1).strip();
        }
    }

    private static void assertNoServerError(String statusLine, String request) {
        String shown = request.length() > 120 ? request.substring(0, 120) + "…" : request;
        if (!statusLine.isEmpty()) {
            assertTrue(statusLine.matches("HTTP/1\\.1 [1-4]\\d\\d.*"), statusLine + " for " + shown.strip());
        }
    }

    private static void assertHealthy() {
        HttpResponse<String> health = http.send(http.request("/observe/health").GET());
        assertEquals(200, health.statusCode(), health.body());
    }

    private static long storedEventsInStreamsStartingWith(String prefix) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url());
             PreparedStatement query = connection.prepareStatement("select count(*) from events e"
                     + " join event_sequences s on s.id = e.event_sequence_id join streams t on t.id = s.stream_id"
                     + " where t.name like ?")) {
            query.setString(1, prefix + "%");
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** One of several kinds of damage to a valid document, or a new hostile one. */
    private static byte[] mutate(Random random, byte[] valid) {
        return switch (random.nextInt(12)) {
            case 0 -> valid; // some valid ones, so that acceptance is exercised too
            case 1 -> deleteBytes(random, valid);
            case 2 -> insertBytes(random, valid, "{}[]\",:\\0123456789.eE+-tfn ".getBytes(StandardCharsets.UTF_8));
            case 3 -> insertBytes(random, valid, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED,
                    (byte) 0xA0, (byte) 0x80, (byte) 0xF0, 0, 1, 0x7F});
            case 4 -> java.util.Arrays.copyOf(valid, random.nextInt(valid.length)); // truncated
            case 5 -> nested(random.nextInt(400) + 1);
            case 6 -> bytes(VALID.replace("\"note\":\"Grüße 😀\"", "\"note\":\""
                    + "x".repeat(random.nextInt(2) == 0 ? 1_100_000 : 500_000) + "\""));
            case 7 -> bytes(VALID.replace("\"version\":1", "\"version\":" + randomScalar(random)));
            case 8 -> bytes(VALID.replace("\"time\":\"2017-09-06 13:58:12\"", "\"time\":" + randomScalar(random)));
            case 9 -> bytes(VALID.replace("{\"event\":", "{\"" + randomName(random) + "\":1,\"event\":"));
            case 10 -> bytes(VALID.replace("\"name\":\"OrderPlaced\"", "\"name\":" + randomScalar(random)));
            default -> {
                byte[] noise = new byte[random.nextInt(2000)];
                random.nextBytes(noise);
                yield noise;
            }
        };
    }

    private static byte[] deleteBytes(Random random, byte[] valid) {
        byte[] copy = valid.clone();
        int at = random.nextInt(copy.length);
        int length = 1 + random.nextInt(Math.min(10, copy.length - at));
        byte[] result = new byte[copy.length - length];
        System.arraycopy(copy, 0, result, 0, at);
        System.arraycopy(copy, at + length, result, at, copy.length - at - length);
        return result;
    }

    private static byte[] insertBytes(Random random, byte[] valid, byte[] alphabet) {
        int at = random.nextInt(valid.length + 1);
        byte[] result = new byte[valid.length + 1];
        System.arraycopy(valid, 0, result, 0, at);
        result[at] = alphabet[random.nextInt(alphabet.length)];
        System.arraycopy(valid, at, result, at + 1, valid.length - at);
        return result;
    }

    private static byte[] nested(int depth) {
        return bytes(VALID.replace("\"note\":\"Grüße 😀\"", "\"note\":" + "[".repeat(depth) + "]".repeat(depth)));
    }

    private static String randomScalar(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> "\"1\"";
            case 1 -> "1.0";
            case 2 -> "-1";
            case 3 -> "true";
            case 4 -> "null";
            case 5 -> "99999999999999999999999999";
            case 6 -> "{}";
            case 7 -> "\"\\u0000\"";
            default -> Integer.toString(random.nextInt(5));
        };
    }

    private static String randomName(Random random) {
        return List.of("eventId", "sequence", "x", "", "payload2", "\\u0000").get(random.nextInt(6));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

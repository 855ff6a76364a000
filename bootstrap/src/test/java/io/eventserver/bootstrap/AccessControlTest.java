package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import io.eventserver.application.service.PasswordHashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many teams on one server (issue 11), end to end on the real server and a real PostgreSQL: the attacks of a user
 * who sends another team's producer or consumer id, publishes or reads outside its grants, or reaches for admin
 * routes (OWASP API1 BOLA, API5 BFLA, API3 mass assignment) are refused, and every refusal leaves nothing behind.
 */
class AccessControlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAROL_PASSWORD = "carol-password-1";

    private static EventServer server;
    private static int port;

    @BeforeAll
    static void start() {
        String carolHash = new PasswordHashes(1000).hash(CAROL_PASSWORD.toCharArray());
        server = TestServers.start("""
                security:
                  providers:
                    - http-basic-auth:
                        realm: "eventserver"
                        users:
                          - login: "alice"
                            password: "alice-pw"
                          - login: "bob"
                            password: "bob-pw"
                          - login: "carol"
                            password-hash: "%s"
                            grants:
                              - streams: "orders.*"
                                actions: ["publish"]
                          - login: "dave"
                            password: "dave-pw"
                            grants:
                              - streams: "audit"
                                actions: ["consume"]
                          - login: "admin"
                            password: "admin-pw"
                            roles: ["admin"]
                          - login: "prometheus"
                            password: "prometheus-pw"
                            roles: ["metrics"]
                            grants: []
                """.formatted(carolHash), Map.of("db.url", TestDatabases.create().url()));
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpTestClient as(String user, String password) {
        return new HttpTestClient(port).as(user, password);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static void assertForbidden(HttpResponse<String> response, String message) {
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("\"Forbidden - " + message + "\"", response.body());
    }

    /** The number of events of {@code eventName} in the stream, as an admin sees it; 0 when there is no stream. */
    private static long events(String stream, String eventName) {
        HttpResponse<String> summary = as("admin", "admin-pw").send(as("admin", "admin-pw")
                .request("/api/v1/streams/" + stream).GET());
        if (summary.statusCode() == 404) {
            return 0;
        }
        JsonNode counts = json(summary).get("eventCounts");
        return counts.has(eventName) ? counts.get(eventName).asLong() : 0;
    }

    @Test
    void anotherUserCannotPublishWithAProducerIdThatIsNotItsOwn() {
        String stream = unique("orders");
        String producer = unique("shop");
        assertEquals(200, as("alice", "alice-pw").publish(stream, producer, event("Placed", "{}")).statusCode());

        assertForbidden(as("bob", "bob-pw").publish(stream, producer, event("Placed", "{}")),
                "producer id " + producer + " belongs to another user");
        String other = unique("elsewhere");
        assertForbidden(as("bob", "bob-pw").publish(other, producer, event("Placed", "{}")),
                "producer id " + producer + " belongs to another user");

        assertEquals(1, events(stream, "Placed"), "bob stored nothing in alice's stream");
        assertEquals(0, events(other, "Placed"), "and created no stream");
        assertEquals(423, as("bob", "bob-pw").publish(stream, unique("bobs"), event("Placed", "{}")).statusCode(),
                "with an id of his own he still meets the stream's owner");
        assertEquals(423, as("alice", "alice-pw").publish(stream, unique("alices-other"), event("Placed", "{}"))
                .statusCode(), "the seed's rule for the same user's other producer ids");
        assertEquals(1, events(stream, "Placed"));
    }

    @Test
    void anotherUserCannotReadOrMoveAConsumersOffset() throws IOException {
        String stream = unique("payments");
        HttpTestClient alice = as("alice", "alice-pw");
        String psp = unique("psp");
        String first = json(alice.publish(stream, psp, event("Paid", "{}"))).asText();
        assertEquals(200, alice.publish(stream, psp, event("Paid", "{}")).statusCode());
        String consumer = unique("billing");
        assertEquals(200, alice.consume(stream, consumer, "Paid", 10).statusCode());

        HttpTestClient bob = as("bob", "bob-pw");
        assertForbidden(bob.consume(stream, consumer, "Paid", 10),
                "consumer id " + consumer + " belongs to another user");
        assertForbidden(bob.acknowledge(stream, consumer, first),
                "consumer id " + consumer + " belongs to another user");

        JsonNode cursors = json(as("admin", "admin-pw").send(as("admin", "admin-pw")
                .request("/api/v1/streams/" + stream + "/consumers").GET()));
        assertEquals(0, cursors.size(), "bob's acknowledgement moved nothing: " + cursors);
        assertEquals(2, json(alice.consume(stream, consumer, "Paid", 10)).size(), "alice still sees both events");
    }

    @Test
    void ofUsersRacingForANewProducerIdExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            String stream = unique("race");
            String producer = unique("racer");
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                List<String> users = List.of("alice", "bob", "alice", "bob");
                for (String[] user : List.of(new String[] {"alice", "alice-pw"}, new String[] {"bob", "bob-pw"},
                        new String[] {"alice", "alice-pw"}, new String[] {"bob", "bob-pw"})) {
                    HttpTestClient client = as(user[0], user[1]);
                    answers.add(pool.submit(() -> {
                        go.await();
                        return client.publish(stream, producer, event("Raced", "{}"));
                    }));
                }
                go.countDown();
                Set<Integer> statuses = new HashSet<>();
                Set<String> winners = new HashSet<>();
                int stored = 0;
                for (int i = 0; i < answers.size(); i++) {
                    HttpResponse<String> response = answers.get(i).get();
                    statuses.add(response.statusCode());
                    if (response.statusCode() == 200) {
                        stored++;
                        winners.add(users.get(i));
                    }
                }
                assertTrue(Set.of(200, 403).containsAll(statuses), "round " + round + ": " + statuses);
                assertEquals(1, winners.size(), "the requests of exactly one user win: " + winners);
                assertEquals(stored, events(stream, "Raced"));
                JsonNode owners = json(as("admin", "admin-pw").send(as("admin", "admin-pw")
                        .request("/api/v1/producers?after=" + producer.substring(0, producer.length() - 1)
                                + "&limit=5").GET())).get("producers");
                long ownersOfId = 0;
                for (JsonNode owner : owners) {
                    ownersOfId += owner.get("producerId").asText().equals(producer) ? 1 : 0;
                }
                assertEquals(1, ownersOfId);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void grantsDecideWhichStreamsAUserMayPublishToOrConsume() {
        HttpTestClient carol = as("carol", CAROL_PASSWORD);
        String allowed = unique("orders.eu");
        assertEquals(200, carol.publish(allowed, unique("carol-shop"), event("Placed", "{}")).statusCode());

        String billing = unique("billing");
        assertForbidden(carol.publish(billing, unique("carol-shop"), event("Placed", "{}")),
                "user carol may not publish stream " + billing);
        assertEquals(0, events(billing, "Placed"));
        assertForbidden(carol.consume(allowed, unique("carol-reader"), "Placed", 10),
                "user carol may not consume stream " + allowed);
        assertForbidden(carol.publish("orders", unique("carol-shop"), event("Placed", "{}")),
                "user carol may not publish stream orders");

        // before any other validation: a bad body, a bad name, no producer id are all 403, not 400
        assertEquals(403, carol.send(carol.request("/api/v1/streams/" + billing + "/events")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("junk")))
                .statusCode());
        assertEquals(403, carol.send(carol.request("/api/v1/streams/-bad-/events")
                .POST(HttpRequest.BodyPublishers.ofString("junk"))).statusCode());

        HttpTestClient dave = as("dave", "dave-pw");
        assertForbidden(dave.publish("audit", unique("dave-shop"), event("Logged", "{}")),
                "user dave may not publish stream audit");
        assertEquals(200, as("alice", "alice-pw").publish("audit", "audit-writer", event("Logged", "{}"))
                .statusCode());
        assertEquals(200, dave.consume("audit", unique("dave-reader"), "Logged", 10).statusCode());
    }

    @Test
    void listingShowsOnlyTheStreamsAUserMaySee() {
        String carols = unique("orders.listed");
        as("carol", CAROL_PASSWORD).publish(carols, unique("carol-lister"), event("Placed", "{}"));
        String others = unique("inventory");
        as("alice", "alice-pw").publish(others, unique("alice-lister"), event("Counted", "{}"));

        Set<String> carolSees = names(as("carol", CAROL_PASSWORD));
        Set<String> adminSees = names(as("admin", "admin-pw"));

        assertTrue(carolSees.contains(carols));
        assertFalse(carolSees.contains(others), "carol has no grant on " + others);
        assertTrue(carolSees.stream().allMatch(name -> name.startsWith("orders.")), carolSees.toString());
        assertTrue(adminSees.containsAll(Set.of(carols, others)));
        assertForbidden(as("carol", CAROL_PASSWORD).send(as("carol", CAROL_PASSWORD)
                .request("/api/v1/streams/" + others).GET()), "user carol may not consume stream " + others);
    }

    @Test
    void browsingAndTheConsolesMeShowOnlyWhatTheUserMaySee() {
        String carols = unique("orders.browsed");
        as("carol", CAROL_PASSWORD).publish(carols, unique("carol-browser"), event("Placed", "{}"));
        String others = unique("inventory");
        as("alice", "alice-pw").publish(others, unique("alice-browser"), event("Counted", "{}"));
        HttpTestClient carol = as("carol", CAROL_PASSWORD);
        HttpTestClient dave = as("dave", "dave-pw");
        HttpTestClient admin = as("admin", "admin-pw");

        assertEquals(200, carol.send(carol.request("/api/v1/streams/" + carols + "/event-names/Placed/events")
                .GET()).statusCode(), "publishing is enough to look");
        assertForbidden(carol.send(carol.request("/api/v1/streams/" + others + "/event-names/Counted/events")
                .GET()), "user carol may not consume stream " + others);
        assertForbidden(dave.send(dave.request("/api/v1/streams/" + carols + "/event-names/Placed/events")
                .header("Accept", "text/event-stream").GET()), "user dave may not consume stream " + carols);
        assertForbidden(carol.send(carol.request("/api/v1/streams/" + others
                + "/event-names/Counted/events?after=bad").GET()), "user carol may not consume stream " + others);
        assertEquals(200, admin.send(admin.request("/api/v1/streams/" + others + "/event-names/Counted/events")
                .GET()).statusCode(), "admins see every stream");

        assertEquals("{\"login\":\"carol\",\"roles\":[],\"grants\":[{\"streams\":\"orders.*\","
                + "\"actions\":[\"publish\"]}]}", carol.send(carol.request("/api/v1/me").GET()).body());
    }

    private static Set<String> names(HttpTestClient client) {
        Set<String> names = new HashSet<>();
        String after = null;
        do {
            JsonNode page = json(client.send(client.request("/api/v1/streams?limit=2"
                    + (after == null ? "" : "&after=" + after)).GET()));
            page.get("streams").forEach(stream -> names.add(stream.get("name").asText()));
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        return names;
    }

    @Test
    void onlyAdminsReachAdminAndUserRoutes() {
        HttpTestClient alice = as("alice", "alice-pw");
        String login = unique("mallory");
        String document = "{\"password\": \"a-long-password\", \"roles\": [\"admin\"]}";
        List<HttpRequest.Builder> adminOnly = List.of(
                alice.request("/api/v1/users").GET(),
                alice.request("/api/v1/users/" + login).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(document)),
                alice.request("/api/v1/users/alice").GET(),
                alice.request("/api/v1/users/bob").DELETE(),
                alice.request("/api/v1/producers").GET(),
                alice.request("/api/v1/consumers").GET(),
                alice.request("/api/v1/producers/shop").header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"user\": \"alice\"}")),
                alice.request("/api/v1/streams/x/consumers/y/offsets/z").header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"sequence\": 0}")));
        for (HttpRequest.Builder request : adminOnly) {
            assertForbidden(alice.send(request), "the admin role is required");
        }
        assertEquals(404, as("admin", "admin-pw").send(as("admin", "admin-pw")
                .request("/api/v1/users/" + login).GET()).statusCode(), "no user was created");
        assertEquals(200, as("bob", "bob-pw").send(as("bob", "bob-pw").request("/api/v1/streams").GET())
                .statusCode(), "bob was not deleted");
    }

    /** Issue 29, point 7: the metrics name every team's streams, consumer ids, event names and logins. */
    @Test
    void onlyAdminsAndUsersWithTheMetricsRoleReadTheMetrics() {
        HttpTestClient anonymous = new HttpTestClient(port);
        assertEquals(401, anonymous.send(anonymous.request("/observe/metrics").GET()).statusCode());
        for (HttpTestClient user : List.of(as("alice", "alice-pw"), as("carol", CAROL_PASSWORD),
                as("dave", "dave-pw"))) {
            for (String path : List.of("/observe/metrics", "/observe/metrics/application", "/observe")) {
                assertForbidden(user.send(user.request(path).header("Accept", "text/plain").GET()),
                        "the admin or metrics role is required");
            }
        }
        HttpTestClient prometheus = as("prometheus", "prometheus-pw");
        for (HttpTestClient reader : List.of(as("admin", "admin-pw"), prometheus)) {
            HttpResponse<String> metrics = reader.send(reader.request("/observe/metrics")
                    .header("Accept", "text/plain").GET());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("eventserver_http_requests_seconds"), metrics.body());
        }
        // the role opens the metrics and nothing else
        assertForbidden(prometheus.send(prometheus.request("/api/v1/users").GET()), "the admin role is required");
        String stream = unique("orders");
        assertForbidden(prometheus.publish(stream, unique("scraper"), event("E", "{}")),
                "user prometheus may not publish stream " + stream);
        assertEquals(0, events(stream, "E"));
        // a database user gets the role the same way
        String login = unique("scraper");
        HttpTestClient admin = as("admin", "admin-pw");
        assertEquals(201, put(admin, login, "{\"password\": \"scraper-password\", \"roles\": [\"metrics\"]}")
                .statusCode());
        assertEquals(200, as(login, "scraper-password").send(as(login, "scraper-password")
                .request("/observe/metrics").GET()).statusCode());
    }

    /**
     * Issue 29, point 4: the scheme's case, the padding and the unused bits of base64 give 256 spellings of one
     * credential; remembered credentials are keyed on what was decoded, so they cost one slow hash, not 256.
     */
    @Test
    void twoHundredFiftySixSpellingsOfOneCredentialCostAtMostOnePasswordVerification() {
        HttpTestClient admin = as("admin", "admin-pw");
        String login = "spell-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "spelling-pw-1x";
        assertEquals(201, put(admin, login, "{\"password\": \"" + password + "\"}").statusCode());
        HttpTestClient prometheus = as("prometheus", "prometheus-pw");
        double before = verifications(prometheus);
        assertEquals(before, verifications(prometheus), "reading the metric costs no verification");

        List<String> spellings = HttpTestClient.basicSpellings(login, password);
        HttpTestClient user = new HttpTestClient(port);
        for (String spelling : spellings) {
            user.authorization(spelling);
            assertEquals(200, user.send(user.request("/api/v1/me").GET()).statusCode(), spelling);
        }

        double spent = verifications(prometheus) - before;
        System.out.println("CREDENTIAL-SPELLINGS " + spellings.size() + " spellings, password verifications=" + spent);
        assertEquals(256, new HashSet<>(spellings).size());
        assertTrue(spent <= 1, "256 spellings of one credential cost " + spent + " verifications");
    }

    private static double verifications(HttpTestClient reader) {
        HttpResponse<String> metrics = reader.send(reader.request("/observe/metrics").header("Accept", "text/plain")
                .GET());
        assertEquals(200, metrics.statusCode());
        java.util.regex.Matcher sample = java.util.regex.Pattern.compile(
                "(?m)^eventserver_password_verifications_total(?:\\{[^}]*})?\\s+(\\S+)$").matcher(metrics.body());
        assertTrue(sample.find(), "eventserver_password_verifications_total is exported");
        return Double.parseDouble(sample.group(1));
    }

    @Test
    void anAdminReassignsAProducerIdAndTheNewOwnerTakesOver() {
        String stream = unique("handover");
        String producer = unique("legacy");
        assertEquals(200, as("alice", "alice-pw").publish(stream, producer, event("Moved", "{}")).statusCode());
        HttpTestClient admin = as("admin", "admin-pw");

        HttpResponse<String> assigned = admin.send(admin.request("/api/v1/producers/" + producer)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"user\": \"bob\"}")));

        assertEquals(200, assigned.statusCode(), assigned.body());
        assertEquals("{\"producerId\":\"" + producer + "\",\"user\":\"bob\",\"previousUser\":\"alice\"}",
                assigned.body());
        assertEquals(200, as("bob", "bob-pw").publish(stream, producer, event("Moved", "{}")).statusCode());
        assertForbidden(as("alice", "alice-pw").publish(stream, producer, event("Moved", "{}")),
                "producer id " + producer + " belongs to another user");
        assertEquals(2, events(stream, "Moved"));
        assertEquals(404, admin.send(admin.request("/api/v1/producers/" + producer)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"user\": \"nobody-at-all\"}"))).statusCode());
        for (String body : List.of("", "{}", "{\"user\": 1}", "{\"user\": \"bob\", \"extra\": 1}", "[]",
                "{\"user\": \"bad user\"}")) {
            assertEquals(400, admin.send(admin.request("/api/v1/consumers/" + producer)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body))).statusCode(), body);
        }
    }

    @Test
    void adminsManageUsersAtRunTime() {
        HttpTestClient admin = as("admin", "admin-pw");
        String login = unique("erin");
        String document = "{\"password\": \"erin-password-1\", \"roles\": [], "
                + "\"grants\": [{\"streams\": \"erin.*\", \"actions\": [\"publish\", \"consume\"]}]}";

        HttpResponse<String> created = put(admin, login, document);
        assertEquals(201, created.statusCode(), created.body());
        String shape = "{\"roles\":[],\"grants\":[{\"streams\":\"erin.*\",\"actions\":[\"publish\",\"consume\"]}]}";
        assertEquals(shape, created.body());
        assertEquals(shape, admin.send(admin.request("/api/v1/users/" + login).GET()).body());
        assertFalse(admin.send(admin.request("/api/v1/users").GET()).body().contains("pbkdf2"));
        assertTrue(admin.send(admin.request("/api/v1/users").GET()).body().contains("\"login\":\"" + login + "\""));

        HttpTestClient erin = as(login, "erin-password-1");
        assertEquals(200, erin.publish("erin.one", unique("erin-shop"), event("E", "{}")).statusCode());
        assertEquals(403, erin.publish("other", unique("erin-shop"), event("E", "{}")).statusCode());

        assertEquals(200, put(admin, login, "{\"password\": \"erin-password-2\"}").statusCode(), "replaced");
        assertEquals(401, erin.send(erin.request("/api/v1/streams").GET()).statusCode(), "the old password");
        HttpTestClient renewed = as(login, "erin-password-2");
        assertEquals(200, renewed.publish("other", unique("erin-shop"), event("E", "{}")).statusCode(),
                "no grants of its own: the default grants");
        assertEquals("{\"roles\":[]}", admin.send(admin.request("/api/v1/users/" + login).GET()).body());

        assertEquals(204, admin.send(admin.request("/api/v1/users/" + login).DELETE()).statusCode());
        assertEquals(401, renewed.send(renewed.request("/api/v1/streams").GET()).statusCode(), "deleted");
        assertEquals(404, admin.send(admin.request("/api/v1/users/" + login).DELETE()).statusCode());
        assertEquals(404, admin.send(admin.request("/api/v1/users/" + login).GET()).statusCode());
        assertEquals(409, put(admin, "alice", "{\"password\": \"alice-password-x\"}").statusCode(),
                "configuration users are read-only");
        assertEquals(409, admin.send(admin.request("/api/v1/users/alice").DELETE()).statusCode());
    }

    @Test
    void anAdminChangesGrantsAndRolesWithAMergePatchAndNoPassword() {
        HttpTestClient admin = as("admin", "admin-pw");
        String login = unique("gina");
        assertEquals(201, put(admin, login, "{\"password\": \"gina-password-1\"}").statusCode());
        HttpTestClient gina = as(login, "gina-password-1");

        HttpResponse<String> granted = patch(admin, login, "application/merge-patch+json",
                "{\"grants\": [{\"streams\": \"gina.*\", \"actions\": [\"consume\"]}]}");

        assertEquals(200, granted.statusCode(), granted.body());
        String shape = "{\"roles\":[],\"grants\":[{\"streams\":\"gina.*\",\"actions\":[\"consume\"]}]}";
        assertEquals(shape, granted.body());
        assertEquals(shape, admin.send(admin.request("/api/v1/users/" + login).GET()).body());
        assertForbidden(gina.publish("gina.one", unique("gina-shop"), event("E", "{}")),
                "user " + login + " may not publish stream gina.one");
        assertEquals(200, gina.send(gina.request("/api/v1/me").GET()).statusCode(), "the password still works");

        HttpResponse<String> promoted = patch(admin, login, "application/json; charset=utf-8",
                "{\"roles\": [\"admin\"]}");
        assertEquals(200, promoted.statusCode(), promoted.body());
        assertEquals("{\"roles\":[\"admin\"],\"grants\":[{\"streams\":\"gina.*\",\"actions\":[\"consume\"]}]}",
                promoted.body(), "grants kept");
        assertEquals(200, gina.send(gina.request("/api/v1/users").GET()).statusCode(), "an admin now");

        HttpResponse<String> reset = patch(admin, login, "application/merge-patch+json",
                "{\"roles\": null, \"grants\": null, \"password\": \"gina-password-2\"}");
        assertEquals(200, reset.statusCode(), reset.body());
        assertEquals("{\"roles\":[]}", reset.body(), "null removes: no roles, the default grants");
        assertEquals(401, gina.send(gina.request("/api/v1/me").GET()).statusCode(), "the old password");
        assertEquals(200, as(login, "gina-password-2").publish("gina.one", unique("gina-shop"), event("E", "{}"))
                .statusCode(), "the default grants");
        assertEquals(200, patch(admin, login, "application/merge-patch+json", "{}").statusCode(), "nothing to do");

        assertEquals(404, patch(admin, unique("nobody"), "application/merge-patch+json",
                "{\"roles\": []}").statusCode(), "a patch creates no user");
        assertEquals(409, patch(admin, "alice", "application/merge-patch+json", "{\"roles\": []}").statusCode(),
                "configuration users are read-only");
        assertForbidden(patch(as("alice", "alice-pw"), login, "application/merge-patch+json", "{\"roles\": []}"),
                "the admin role is required");
    }

    @Test
    void aMergePatchIsCheckedLikeTheUserDocumentAndARefusedOneChangesNothing() {
        HttpTestClient admin = as("admin", "admin-pw");
        String login = unique("hank");
        String document = "{\"password\": \"hank-password-1\", \"grants\": [{\"streams\": \"hank\", "
                + "\"actions\": [\"publish\"]}]}";
        assertEquals(201, put(admin, login, document).statusCode());
        String before = admin.send(admin.request("/api/v1/users/" + login).GET()).body();
        for (String patch : List.of(
                "{\"isAdmin\": true}",
                "{\"passwordHash\": \"x\"}",
                "{\"password\": \"short\"}",
                "{\"password\": null}",
                "{\"password\": 123456789012}",
                "{\"roles\": [\"root\"]}",
                "{\"roles\": \"admin\"}",
                "{\"grants\": [{\"streams\": \"a*b\", \"actions\": [\"publish\"]}]}",
                "{\"grants\": [{\"streams\": \"a\", \"actions\": []}]}",
                "{\"grants\": [{\"streams\": \"a\", \"actions\": [\"delete\"]}]}",
                "{\"grants\": {}}",
                "{\"roles\": [], \"roles\": [\"admin\"]}",
                "[]", "null", "\"x\"", "", "{")) {
            HttpResponse<String> refused = patch(admin, login, "application/merge-patch+json", patch);
            assertEquals(400, refused.statusCode(), patch + " -> " + refused.body());
            assertTrue(refused.body().startsWith("\"Bad Request - "), refused.body());
        }
        assertEquals("\"Bad Request - password cannot be removed; leave it out to keep it\"",
                patch(admin, login, "application/merge-patch+json", "{\"password\": null}").body());
        HttpResponse<String> wrongType = patch(admin, login, "text/plain", "{\"roles\": [\"admin\"]}");
        assertEquals(400, wrongType.statusCode());
        assertEquals("\"Bad Request - Content-Type must be application/merge-patch+json or application/json\"",
                wrongType.body());
        assertEquals(before, admin.send(admin.request("/api/v1/users/" + login).GET()).body(), "nothing changed");
        assertEquals(200, as(login, "hank-password-1").send(as(login, "hank-password-1").request("/api/v1/me").GET())
                .statusCode(), "the password is unchanged");
        HttpResponse<String> other = admin.send(admin.request("/api/v1/users/" + login).method("POST",
                HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, other.statusCode());
        assertEquals("DELETE, GET, PATCH, PUT", other.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void aUserDocumentWithAnythingElseIsRefusedAndCreatesNothing() {
        HttpTestClient admin = as("admin", "admin-pw");
        String login = unique("frank");
        for (String document : List.of(
                "{\"password\": \"frank-password-1\", \"isAdmin\": true}",
                "{\"password\": \"frank-password-1\", \"roles\": [\"admin\"], \"passwordHash\": \"x\"}",
                "{\"password\": \"short\"}",
                "{\"password\": \"frank-password-1\", \"roles\": [\"root\"]}",
                "{\"password\": \"frank-password-1\", \"grants\": [{\"streams\": \"a*b\", \"actions\": [\"publish\"]}]}",
                "{\"password\": \"frank-password-1\", \"grants\": [{\"streams\": \"a\", \"actions\": []}]}",
                "{\"password\": \"frank-password-1\", \"grants\": [{\"streams\": \"a\", \"actions\": [\"delete\"]}]}",
                "{\"password\": \"frank-password-1\", \"grants\": [{\"streams\": \"a\", \"actions\": [\"publish\"],"
                        + " \"admin\": true}]}",
                "{\"password\": \"frank-password-1\", \"grants\": {}}",
                "{\"password\": 123456789012}",
                "{\"roles\": []}",
                "{\"password\": \"frank-password-1\", \"password\": \"other-password-2\"}",
                "[]", "null", "", "{")) {
            HttpResponse<String> refused = put(admin, login, document);
            assertEquals(400, refused.statusCode(), document + " -> " + refused.body());
            assertTrue(refused.body().startsWith("\"Bad Request - "), refused.body());
        }
        assertEquals(400, put(admin, "bad login", "{\"password\": \"frank-password-1\"}").statusCode());
        assertEquals(404, admin.send(admin.request("/api/v1/users/" + login).GET()).statusCode(),
                "nothing was created");
    }

    private static HttpResponse<String> patch(HttpTestClient client, String login, String contentType,
                                              String patch) {
        return client.send(client.request("/api/v1/users/" + login).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch)));
    }

    private static HttpResponse<String> put(HttpTestClient admin, String login, String document) {
        return admin.send(admin.request("/api/v1/users/" + login.replace(" ", "%20"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(document)));
    }
}

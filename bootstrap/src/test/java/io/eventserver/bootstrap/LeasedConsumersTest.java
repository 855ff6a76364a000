package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import io.eventserver.application.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 24 end to end, over HTTP on a real PostgreSQL: several replicas share one consumer id with leased reads,
 * finish events one by one (ACK), give them back (NACK), extend them, survive a poison event (dead letters), and every
 * node of one database keeps the leases disjoint (ADR 52). {@link KafkaLeasedConsumersTest} runs it unchanged on the
 * Kafka engine (ADR 57).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeasedConsumersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventServer server;
    /** A second node on the same database. */
    private static EventServer other;
    private static HttpTestClient alice;
    private static HttpTestClient aliceOnOther;

    /** The storage settings both nodes share: a fresh PostgreSQL database. */
    Map<String, String> storage() {
        return Map.of("db.url", TestDatabases.create().url());
    }

    @BeforeAll
    void start() {
        Map<String, String> storage = storage();
        server = TestServers.start(storage);
        other = TestServers.start(storage);
        alice = new HttpTestClient(server.port()).as("alice", "alice-pw");
        aliceOnOther = new HttpTestClient(other.port()).as("alice", "alice-pw");
    }

    @AfterAll
    void stop() {
        other.close();
        server.close();
    }

    private static String streamWith(int events) {
        String stream = "leased-" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 1; i <= events; i++) {
            batch.append(i > 1 ? "," : "").append(event("Paid", "{\"n\":" + i + "}"));
        }
        HttpResponse<String> published = alice.send(alice.request("/api/v1/streams/" + stream + "/events")
                .header("X-Producer-ID", "shop").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.append("]").toString())));
        assertEquals(200, published.statusCode(), published.body());
        return stream;
    }

    private static String consumer() {
        return "replicas-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static HttpResponse<String> get(HttpTestClient client, String stream, String consumer, String query) {
        return client.send(client.request("/api/v1/streams/" + stream + "/events?eventName=Paid&" + query)
                .header("X-Consumer-ID", consumer).GET());
    }

    /** A leased read that must succeed: its elements. */
    private static JsonNode lease(HttpTestClient client, String stream, String consumer, String query) {
        HttpResponse<String> answer = get(client, stream, consumer, query);
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer.body());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    private static List<Long> sequences(JsonNode page) {
        List<Long> sequences = new ArrayList<>();
        page.forEach(element -> sequences.add(element.get("sequence").asLong()));
        return sequences;
    }

    private static String id(JsonNode page, long sequence) {
        for (JsonNode element : page) {
            if (element.get("sequence").asLong() == sequence) {
                return element.get("eventId").asText();
            }
        }
        throw new AssertionError("no " + sequence + " in " + page);
    }

    private static HttpResponse<String> form(HttpTestClient client, String stream, String consumer, String id,
                                             String form) {
        return client.send(client.request("/api/v1/streams/" + stream + "/events/" + id)
                .header("X-Consumer-ID", consumer).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static HttpResponse<String> batch(HttpTestClient client, String stream, String consumer, String body) {
        return client.send(client.request("/api/v1/streams/" + stream + "/acknowledgements")
                .header("X-Consumer-ID", consumer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode cursor(String stream, String consumer) {
        JsonNode consumers = json(alice.send(alice.request("/api/v1/streams/" + stream + "/consumers").GET()).body());
        for (JsonNode cursor : consumers) {
            if (cursor.get("consumerId").asText().equals(consumer)) {
                return cursor;
            }
        }
        throw new AssertionError("no cursor of " + consumer + " in " + consumers);
    }

    private static long offset(String stream, String consumer) {
        return cursor(stream, consumer).get("offset").asLong();
    }

    @Test
    void twoClientsWithOneConsumerIdRacingOnTwoNodesGetDisjointEvents() throws Exception {
        String stream = streamWith(200);
        String consumer = consumer();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger twice = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> replicas = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (int r = 0; r < 4; r++) {
                HttpTestClient client = r % 2 == 0 ? alice : aliceOnOther;
                replicas.add(threads.submit(() -> {
                    start.await();
                    for (int round = 0; round < 500; round++) {
                        JsonNode page = lease(client, stream, consumer, "limit=9&lease=600");
                        if (page.isEmpty()) {
                            return null;
                        }
                        List<String> ids = new ArrayList<>();
                        for (JsonNode element : page) {
                            if (!seen.add(element.get("sequence").asLong())) {
                                twice.incrementAndGet();
                            }
                            ids.add("\"" + element.get("eventId").asText() + "\"");
                        }
                        HttpResponse<String> acked = batch(client, stream, consumer,
                                "{\"action\":\"ACK\",\"eventIds\":[" + String.join(",", ids) + "]}");
                        assertEquals(200, acked.statusCode(), acked.body());
                        assertEquals(json("{\"acknowledged\":" + ids.size() + "}"), json(acked.body()));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> replica : replicas) {
                replica.get(120, TimeUnit.SECONDS);
            }
        }
        assertEquals(0, twice.get(), "an event leased to two replicas");
        assertEquals(200, seen.size());
        assertEquals(200, offset(stream, consumer), "every event acknowledged: the offset is the last sequence");
        assertEquals(0, cursor(stream, consumer).get("inFlight").asLong());
    }

    @Test
    void aLeasedPageCarriesDeliveriesAndExpiryAndAnAckFinishesOneEventOnly() {
        String stream = streamWith(5);
        String consumer = consumer();
        Instant before = Instant.now();

        JsonNode page = lease(alice, stream, consumer, "limit=3&lease=30");

        assertEquals(List.of(1L, 2L, 3L), sequences(page));
        JsonNode first = page.get(0);
        assertEquals(1, first.get("deliveries").asInt());
        assertTrue(Instant.parse(first.get("leaseExpiresAt").asText()).isAfter(before));
        assertTrue(first.has("payload") && first.has("receivedAt"), first.toString());
        assertEquals(200, form(alice, stream, consumer, id(page, 2), "action=ACK").statusCode());
        assertEquals(0, offset(stream, consumer), "a per-event ACK: event 1 is still leased");
        assertEquals(200, form(alice, stream, consumer, id(page, 1), "action=ACK").statusCode());
        assertEquals(2, offset(stream, consumer), "over the run of finished events");
        assertEquals(List.of(4L, 5L), sequences(lease(aliceOnOther, stream, consumer, "limit=10&lease=30")));

        String fifth = id(lease(alice, stream, consumer(), "limit=5&lease=30"), 5);
        assertEquals(200, form(alice, stream, consumer, fifth, "action=ACK").statusCode());
        assertEquals(2, offset(stream, consumer), "event 5 was leased to this consumer: per event");
    }

    @Test
    void anAckOfAnEventNeverLeasedIsCumulativeAndEndsTheLeasesBelowIt() {
        String stream = streamWith(6);
        String consumer = consumer();
        JsonNode page = lease(alice, stream, consumer, "limit=2&lease=600");
        String sixth = id(lease(alice, stream, consumer(), "limit=6&lease=30"), 6);

        assertEquals(200, form(alice, stream, consumer, sixth, "action=ACK").statusCode());

        assertEquals(6, offset(stream, consumer));
        HttpResponse<String> gone = form(alice, stream, consumer, id(page, 1), "action=NACK");
        assertEquals(409, gone.statusCode(), gone.body());
        assertEquals("\"Conflict - event " + id(page, 1) + " is not leased to consumer " + consumer + "\"",
                gone.body());
        assertEquals(200, form(alice, stream, consumer, id(page, 2), "action=ACK").statusCode(),
                "at or below the offset: 200, nothing changes");
        assertEquals(List.of(), sequences(lease(alice, stream, consumer, "limit=10&lease=30")));
    }

    @Test
    void aNackGivesTheEventBackAfterItsDelay() {
        String stream = streamWith(2);
        String consumer = consumer();
        JsonNode page = lease(alice, stream, consumer, "limit=2&lease=600");

        assertEquals(200, form(alice, stream, consumer, id(page, 1), "action=NACK").statusCode());
        JsonNode again = lease(aliceOnOther, stream, consumer, "limit=5&lease=600");
        assertEquals(List.of(1L), sequences(again));
        assertEquals(2, again.get(0).get("deliveries").asInt());

        assertEquals(200, form(alice, stream, consumer, id(page, 2), "action=NACK&delay=2").statusCode());
        assertEquals(List.of(), sequences(lease(alice, stream, consumer, "limit=5&lease=600")));
        JsonNode later = Eventually.within(Eventually.GENEROUS,
                () -> lease(aliceOnOther, stream, consumer, "limit=5&lease=600"), leased -> !leased.isEmpty());
        assertEquals(List.of(2L), sequences(later));
        assertEquals(0, offset(stream, consumer));
    }

    @Test
    void anExtendKeepsTheEventLeasedPastItsFirstExpiry() {
        String stream = streamWith(1);
        String consumer = consumer();
        JsonNode page = lease(alice, stream, consumer, "limit=1&lease=2");
        Instant firstExpiry = Instant.parse(page.get(0).get("leaseExpiresAt").asText());

        assertEquals(200, form(alice, stream, consumer, id(page, 1), "action=EXTEND&lease=600").statusCode());

        Eventually.within(Eventually.GENEROUS, () -> assertTrue(Instant.now().isAfter(firstExpiry.plusSeconds(1))));
        assertEquals(List.of(), sequences(lease(aliceOnOther, stream, consumer, "limit=1&lease=30")),
                "still leased after the first expiry");
        assertEquals(1, cursor(stream, consumer).get("inFlight").asLong());
        assertEquals(200, form(alice, stream, consumer, id(page, 1), "action=EXTEND&lease=600&x=1").statusCode(),
                "an unexpired lease is extended again; unknown fields are ignored");
        assertEquals(400, form(alice, stream, consumer, id(page, 1), "action=EXTEND").statusCode(),
                "EXTEND needs lease");
    }

    @Test
    void maxInFlightOfOneFailsOverToTheOtherReplicaOnceTheLeaseExpires() {
        String stream = streamWith(3);
        String consumer = consumer();
        JsonNode first = lease(alice, stream, consumer, "limit=10&lease=1&maxInFlight=1");
        assertEquals(List.of(1L), sequences(first));
        assertEquals(List.of(), sequences(lease(aliceOnOther, stream, consumer, "limit=10&lease=600&maxInFlight=1")),
                "the other replica waits");

        JsonNode failedOver = Eventually.within(Eventually.GENEROUS,
                () -> lease(aliceOnOther, stream, consumer, "limit=10&lease=600&maxInFlight=1"),
                page -> !page.isEmpty());

        assertEquals(List.of(1L), sequences(failedOver), "the same event, in order");
        assertEquals(2, failedOver.get(0).get("deliveries").asInt());
        assertEquals(200, form(alice, stream, consumer, id(first, 1), "action=ACK").statusCode(),
                "a late ACK of the expired lease is accepted");
        assertEquals(List.of(2L), sequences(lease(alice, stream, consumer, "limit=10&lease=600&maxInFlight=1")));
    }

    @Test
    void aPoisonEventIsDeadLetteredListedRetriedAndDeleted() {
        String stream = streamWith(3);
        String consumer = consumer();
        JsonNode page = lease(alice, stream, consumer, "limit=1&lease=600&maxDeliveries=2");
        String poison = id(page, 1);
        assertEquals(200, form(alice, stream, consumer, poison, "action=NACK").statusCode());
        assertEquals(2, lease(alice, stream, consumer, "limit=1&lease=600&maxDeliveries=2").get(0).get("deliveries")
                .asInt());
        assertEquals(200, form(alice, stream, consumer, poison, "action=NACK").statusCode());

        JsonNode next = lease(aliceOnOther, stream, consumer, "limit=1&lease=600&maxDeliveries=2");

        assertEquals(List.of(2L), sequences(next), "the poison event is dead-lettered, the next one leased");
        String deadLetters = "/api/v1/streams/" + stream + "/consumers/" + consumer + "/dead-letters";
        JsonNode listed = json(alice.send(alice.request(deadLetters + "?eventName=Paid").GET()).body());
        assertEquals(1, listed.get("deadLetters").size());
        JsonNode dead = listed.get("deadLetters").get(0);
        assertEquals(poison, dead.get("eventId").asText());
        assertEquals(2, dead.get("deliveries").asInt());
        assertTrue(dead.has("deadLetteredAt") && dead.has("payload"), dead.toString());
        assertTrue(listed.get("next").isNull());
        assertEquals(1, cursor(stream, consumer).get("deadLetters").asLong());
        assertEquals(1, offset(stream, consumer), "over the dead letter");
        assertEquals(200, form(alice, stream, consumer, id(next, 2), "action=ACK").statusCode());
        assertEquals(2, offset(stream, consumer));

        HttpResponse<String> retried = alice.send(alice.request(deadLetters + "/" + poison)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=RETRY")));
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals("\"OK\"", retried.body());
        JsonNode again = lease(alice, stream, consumer, "limit=5&lease=600&maxDeliveries=2");
        assertEquals(List.of(1L, 3L), sequences(again), "the retried dead letter below the offset, then event 3");
        assertEquals(1, again.get(0).get("deliveries").asInt(), "counted from 0 again");
        assertEquals(200, form(alice, stream, consumer, poison, "action=NACK").statusCode());
        lease(alice, stream, consumer, "limit=5&lease=600&maxDeliveries=1");
        assertEquals(1, json(alice.send(alice.request(deadLetters + "?eventName=Paid").GET()).body())
                .get("deadLetters").size(), "dead-lettered again");

        assertEquals(204, alice.send(alice.request(deadLetters + "/" + poison).DELETE()).statusCode());
        assertEquals(0, json(alice.send(alice.request(deadLetters + "?eventName=Paid").GET()).body())
                .get("deadLetters").size());
        HttpResponse<String> unknown = alice.send(alice.request(deadLetters + "/" + poison).DELETE());
        assertEquals(404, unknown.statusCode());
        assertEquals("\"Not Found - event " + poison + " is not a dead letter of consumer " + consumer + "\"",
                unknown.body());
        assertEquals(2, offset(stream, consumer), "the deleted dead letter stays done");
    }

    @Test
    void aBatchWithOneUnknownIdChangesNothing() {
        String stream = streamWith(3);
        String consumer = consumer();
        JsonNode page = lease(alice, stream, consumer, "limit=3&lease=600");
        String unknown = UUID.randomUUID().toString();

        HttpResponse<String> refused = batch(alice, stream, consumer, "{\"action\":\"ACK\",\"eventIds\":[\""
                + id(page, 1) + "\",\"" + unknown + "\",\"" + id(page, 2) + "\"]}");

        assertEquals(404, refused.statusCode(), refused.body());
        assertEquals("\"Not Found - event " + unknown + " not found in stream " + stream + "\"", refused.body());
        assertEquals(0, offset(stream, consumer));
        assertEquals(3, cursor(stream, consumer).get("inFlight").asLong());
        HttpResponse<String> released = batch(alice, stream, consumer, "{\"action\":\"NACK\",\"eventIds\":[\""
                + id(page, 3) + "\"],\"delay\":600}");
        assertEquals("{\"released\":1}", released.body());
        HttpResponse<String> notLeased = batch(alice, stream, consumer, "{\"action\":\"EXTEND\",\"eventIds\":[\""
                + id(page, 1) + "\",\"" + id(page, 3) + "\"],\"lease\":60}");
        assertEquals(409, notLeased.statusCode(), "event 3 is released: nothing is extended");
        HttpResponse<String> extended = batch(alice, stream, consumer, "{\"action\":\"EXTEND\",\"eventIds\":[\""
                + id(page, 1) + "\",\"" + id(page, 2) + "\"],\"lease\":60}");
        assertEquals("{\"extended\":2}", extended.body());
        HttpResponse<String> acked = batch(alice, stream, consumer, "{\"action\":\"ACK\",\"eventIds\":[\""
                + id(page, 1) + "\",\"" + id(page, 2) + "\",\"" + id(page, 3) + "\"]}");
        assertEquals("{\"acknowledged\":3}", acked.body());
        assertEquals(3, offset(stream, consumer));
    }

    @Test
    void aWaitingLeasedReadIsWokenByACommitAndByAnExpiredLease() throws Exception {
        String stream = streamWith(1);
        String consumer = consumer();
        JsonNode first = lease(alice, stream, consumer, "limit=5&lease=600");
        assertEquals(List.of(1L), sequences(first));

        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(
                () -> get(aliceOnOther, stream, consumer, "limit=5&lease=600&wait=25"));
        Eventually.within(Eventually.GENEROUS, () -> assertEquals(1, other.waitingConsumers()));
        String id = alice.publish(stream, "shop", event("Paid", "{\"n\":2}")).body().replace("\"", "");
        JsonNode woken = json(waiting.get(60, TimeUnit.SECONDS).body());
        assertEquals(List.of(2L), sequences(woken), "woken by the commit");
        assertEquals(id, woken.get(0).get("eventId").asText());

        JsonNode shortLease = lease(alice, stream, consumer(), "limit=1&lease=1");
        assertEquals(List.of(1L), sequences(shortLease));
        String expiring = consumer();
        assertEquals(List.of(1L, 2L), sequences(lease(alice, stream, expiring, "limit=5&lease=2")));
        CompletableFuture<HttpResponse<String>> waitingForExpiry = CompletableFuture.supplyAsync(
                () -> get(aliceOnOther, stream, expiring, "limit=5&lease=600&wait=25"));
        HttpResponse<String> expired = waitingForExpiry.get(60, TimeUnit.SECONDS);
        assertEquals(List.of(1L, 2L), sequences(json(expired.body())), "woken by the expiry, no commit needed");
        assertEquals(2, json(expired.body()).get(0).get("deliveries").asInt());
    }

    @Test
    void anotherUsersConsumerIdIsRefusedAndLeasesNothing() {
        String stream = streamWith(2);
        String consumer = consumer();
        JsonNode page = lease(alice, stream, consumer, "limit=1&lease=600");
        HttpTestClient bob = new HttpTestClient(server.port()).as("bob", "bob-pw");
        String deadLetters = "/api/v1/streams/" + stream + "/consumers/" + consumer + "/dead-letters";

        assertEquals(403, get(bob, stream, consumer, "limit=5&lease=600").statusCode());
        assertEquals(403, form(bob, stream, consumer, id(page, 1), "action=NACK").statusCode());
        assertEquals(403, batch(bob, stream, consumer, "{\"action\":\"ACK\",\"eventIds\":[\"" + id(page, 1) + "\"]}")
                .statusCode());
        assertEquals(403, bob.send(bob.request(deadLetters + "?eventName=Paid").GET()).statusCode());
        assertEquals(403, bob.send(bob.request(deadLetters + "/" + id(page, 1)).DELETE()).statusCode());
        assertEquals(List.of(2L), sequences(lease(alice, stream, consumer, "limit=5&lease=600")),
                "the refused read leased nothing");

        HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        HttpResponse<String> asAdmin = admin.send(admin.request(deadLetters + "?eventName=Paid").GET());
        assertEquals(200, asAdmin.statusCode(), asAdmin.body());
        assertEquals("{\"deadLetters\":[],\"next\":null}", asAdmin.body());
    }

    @Test
    void theConsumersListCountsInFlightAndDeadLettersAndMetricsCountLeases() {
        String stream = streamWith(3);
        String consumer = consumer();
        JsonNode page = lease(alice, stream, consumer, "limit=3&lease=600&maxDeliveries=1");
        form(alice, stream, consumer, id(page, 1), "action=NACK");
        lease(alice, stream, consumer, "limit=3&lease=600&maxDeliveries=1");
        String plain = consumer();
        assertEquals(200, alice.consume(stream, plain, "Paid", 1).statusCode());
        alice.acknowledge(stream, plain, id(page, 1));

        JsonNode leased = cursor(stream, consumer);
        assertEquals(2, leased.get("inFlight").asLong());
        assertEquals(1, leased.get("deadLetters").asLong());
        JsonNode cumulative = cursor(stream, plain);
        assertEquals(0, cumulative.get("inFlight").asLong());
        assertEquals(0, cumulative.get("deadLetters").asLong());

        HttpTestClient admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        String metrics = admin.send(admin.request("/observe/metrics").header("Accept", "text/plain").GET()).body();
        for (String family : List.of("eventserver_leases_total", "eventserver_nacks_total",
                "eventserver_dead_letters_total")) {
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith(family + "{") && line.contains("stream=\""
                    + stream + "\"")), family + " for " + stream);
        }
        assertTrue(metrics.contains("eventserver_redeliveries_total"), "redeliveries are counted");
    }

    @Test
    void aLeasedReadRefusesAnEventStreamAndBadParameters() {
        String stream = streamWith(1);
        HttpResponse<String> streamed = alice.send(alice.request("/api/v1/streams/" + stream
                + "/events?eventName=Paid&limit=1&lease=30").header("X-Consumer-ID", "c")
                .header("Accept", "text/event-stream").GET());
        assertEquals(400, streamed.statusCode());
        assertEquals("\"Bad Request - lease cannot be used with Accept: text/event-stream\"", streamed.body());
        assertEquals("\"Bad Request - lease must be an integer between 1 and 600 (seconds)\"",
                get(alice, stream, "c", "limit=1&lease=601").body());
        assertEquals("\"Bad Request - maxDeliveries must be an integer between 1 and 100\"",
                get(alice, stream, "c", "limit=1&lease=5&maxDeliveries=0").body());
        assertEquals("\"Bad Request - maxInFlight must be an integer between 1 and 1000\"",
                get(alice, stream, "c", "limit=1&lease=5&maxInFlight=1001").body());
        assertFalse(cursorExists(stream, "c"), "a refused read leaves no cursor");
    }

    private static boolean cursorExists(String stream, String consumer) {
        JsonNode consumers = json(alice.send(alice.request("/api/v1/streams/" + stream + "/consumers").GET()).body());
        for (JsonNode cursor : consumers) {
            if (cursor.get("consumerId").asText().equals(consumer)) {
                return true;
            }
        }
        return false;
    }
}

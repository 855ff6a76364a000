package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.eventserver.adapters.http.HttpTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Long-poll on the Kafka engine: a waiter is answered when Kafka acknowledged the publish, on the node that stored
 * it and on another node of the same cluster and metadata database (two servers, each its own engine).
 */
class KafkaLongPollTest {

    private static EventServer one;
    private static EventServer two;
    private static HttpTestClient http;

    @BeforeAll
    static void start() {
        Map<String, String> storage = KafkaServers.storage();
        one = TestServers.start(storage);
        two = TestServers.start(storage);
        http = new HttpTestClient(one.port()).as("alice", "alice-pw");
    }

    @AfterAll
    static void stop() {
        two.close();
        one.close();
    }

    private static String streamWith(String eventName) {
        String stream = "kpoll-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, http.publish(stream, "shop", event(eventName, "{}")).statusCode());
        return stream;
    }

    private static CompletableFuture<HttpResponse<String>> waitFor(EventServer on, String stream, String consumer) {
        return LongPollTest.waitFor(on, stream, consumer, "Paid", 30);
    }

    @Test
    void aWaiterOnTheNodeThatStoresIsAnswered() throws Exception {
        String stream = streamWith("Other");
        CompletableFuture<HttpResponse<String>> waiting = waitFor(one, stream, "here");
        Thread.sleep(500);
        assertFalse(waiting.isDone(), "nothing to answer yet");

        String id = http.publish(stream, "shop", event("Paid", "{\"n\":1}")).body();

        HttpResponse<String> answer = waiting.get(60, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().startsWith("[{\"eventId\":" + id + ","), answer.body());
    }

    @Test
    void aWaiterOnAnotherNodeIsAnsweredWithTheNextEventOfAKnownName() throws Exception {
        String stream = streamWith("Paid");
        String first = http.consume(stream, "there-too", "Paid", 1).body();
        String firstId = first.substring("[{\"eventId\":\"".length(), first.indexOf("\"", "[{\"eventId\":\"".length()));
        assertEquals(200, http.acknowledge(stream, "there-too", firstId).statusCode());
        CompletableFuture<HttpResponse<String>> waiting = waitFor(two, stream, "there-too");
        Thread.sleep(500);
        assertFalse(waiting.isDone(), "nothing to answer yet: " + (waiting.isDone() ? waiting.get().body() : ""));

        String id = http.publish(stream, "shop", event("Paid", "{\"n\":3}")).body();

        HttpResponse<String> answer = waiting.get(60, TimeUnit.SECONDS);
        assertTrue(answer.body().startsWith("[{\"eventId\":" + id + ",\"sequence\":2"), answer.body());
    }

    @Test
    void aWaiterOnAnotherNodeIsAnswered() throws Exception {
        String stream = streamWith("Other");
        CompletableFuture<HttpResponse<String>> waiting = waitFor(two, stream, "there");
        Thread.sleep(500);
        assertFalse(waiting.isDone(), "nothing to answer yet");

        String id = http.publish(stream, "shop", event("Paid", "{\"n\":2}")).body();

        HttpResponse<String> answer = waiting.get(60, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().startsWith("[{\"eventId\":" + id + ","), answer.body());
    }
}

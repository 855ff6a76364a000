package io.eventserver.client;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's client example, runnable against a server on localhost:8080 (README, "Java client"):
 * {@code ./mvnw -B -q -pl clients/java test-compile exec:java -Dexec.mainClass=io.eventserver.client.Example -Dexec.classpathScope=test}
 */
public final class Example {

    private Example() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI server = URI.create(args.length > 0 ? args[0] : "http://localhost:8080");
        try (EventServerClient client = EventServerClient.builder(server).credentials("alice", "alice-pw").build()) {
            Map<String, Object> placed = Map.of(
                    "event", Map.of("name", "OrderPlaced", "version", 1),
                    "system", Map.of("id", "shop-1", "name", "shop", "time", "2026-12-02 10:00:00",
                            "timezone", "UTC"),
                    "trigger", Map.of("type", "user", "name", "checkout"),
                    "payload", Map.of("orderId", 42));
            String id = client.publish("orders", "shop", placed);           // retried safely: Idempotency-Key
            List<String> ids = client.publishBatch("orders", "shop", List.of(placed, placed));  // all or none
            System.out.println("published " + id + " and " + ids);

            CountDownLatch three = new CountDownLatch(3);
            try (Subscription billing = client.subscribe("orders", "billing-example", "OrderPlaced", event -> {
                System.out.println("#" + event.sequence() + " " + event.eventId() + " " + event.payload());
                three.countDown();                                          // acknowledged when this returns
            })) {
                three.await(30, TimeUnit.SECONDS);
            }
        } catch (StreamLockedException e) {
            System.out.println("orders belongs to another producer: " + e.getMessage());
        }
    }
}

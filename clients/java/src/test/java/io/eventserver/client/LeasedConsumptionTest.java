package io.eventserver.client;

import static io.eventserver.client.EventServerClientTest.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leased reads, finishing events one by one and in batches, dead letters and the leased subscription (issue 24). */
class LeasedConsumptionTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);

    private static TestServer server;
    private static EventServerClient alice;

    @BeforeAll
    static void start() {
        server = new TestServer("leased-client-test-server").start();
        alice = EventServerClient.builder(server.url()).credentials("alice", "alice-pw")
                .retries(20, Duration.ofMillis(50), Duration.ofMillis(500)).polling(Duration.ofSeconds(2), 5)
                .build();
    }

    @AfterAll
    static void stop() {
        alice.close();
        server.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> publish(String stream, int count) {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event("Job", Map.of("i", i)));
        }
        return alice.publishBatch(stream, "jobs", events);
    }

    private static List<String> ids(List<LeasedEvent> events) {
        return events.stream().map(LeasedEvent::eventId).toList();
    }

    @Test
    void leasedReadsAreDisjointAndEachEventIsFinishedOnItsOwn() {
        String stream = unique("leased");
        List<String> ids = publish(stream, 5);

        List<LeasedEvent> first = alice.lease(stream, "workers", "Job", 2, Duration.ZERO, Leases.of(MINUTE));
        List<LeasedEvent> second = alice.lease(stream, "workers", "Job", 2, Duration.ZERO, Leases.of(MINUTE));
        assertEquals(ids.subList(0, 2), ids(first));
        assertEquals(ids.subList(2, 4), ids(second), "the first two are leased: the next read gets the next two");
        assertEquals(1, first.getFirst().deliveries());
        assertTrue(first.getFirst().leaseExpiresAt().isAfter(Instant.now().plusSeconds(30)));
        assertEquals(1L, first.getFirst().sequence());
        assertEquals(0, first.getFirst().payload().get("i").asInt(), "the document without the lease's members");
        assertFalse(first.getFirst().event().document().has("deliveries"));

        alice.acknowledge(stream, "workers", ids.get(1));                     // that one alone: 1 stays leased
        alice.nack(stream, "workers", ids.get(0), Duration.ZERO);            // leasable again at once
        alice.extend(stream, "workers", ids.get(2), Duration.ofSeconds(300));
        assertThrows(ConflictException.class, () -> alice.nack(stream, "workers", ids.get(1), Duration.ZERO),
                "acknowledged: not leased any more");
        assertThrows(ConflictException.class, () -> alice.extend(stream, "workers", ids.get(4), MINUTE),
                "never leased");

        List<LeasedEvent> third = alice.lease(stream, "workers", "Job", 10, Duration.ZERO, Leases.of(MINUTE));
        assertEquals(List.of(ids.get(0), ids.get(4)), ids(third));
        assertEquals(2, third.getFirst().deliveries(), "given back once: its second delivery");
        assertEquals(List.of(), alice.lease(stream, "workers", "Job", 10, Duration.ZERO,
                Leases.of(MINUTE).maxInFlight(4)), "four are leased and unfinished already");
    }

    @Test
    void batchesAreAllOrNothing() {
        String stream = unique("batch");
        List<String> ids = publish(stream, 4);
        List<String> leased = ids(alice.lease(stream, "workers", "Job", 4, Duration.ZERO, Leases.of(MINUTE)));
        assertEquals(ids, leased);

        String unknown = UUID.randomUUID().toString();
        assertThrows(NotFoundException.class,
                () -> alice.acknowledgeAll(stream, "workers", List.of(ids.get(0), unknown)));
        assertEquals(4, alice.extendAll(stream, "workers", ids, Duration.ofSeconds(120)),
                "nothing was acknowledged by the refused batch: all four still leased");
        assertEquals(2, alice.acknowledgeAll(stream, "workers", ids.subList(0, 2)));
        assertThrows(ConflictException.class, () -> alice.nackAll(stream, "workers", ids, Duration.ZERO),
                "two of them are acknowledged");
        assertEquals(2, alice.nackAll(stream, "workers", ids.subList(2, 4), Duration.ZERO));
        assertEquals(ids.subList(2, 4), ids(alice.lease(stream, "workers", "Job", 4, Duration.ZERO,
                Leases.of(MINUTE))));
    }

    @Test
    void deadLettersArePagedRetriedAndDeleted() {
        String stream = unique("dead");
        List<String> ids = publish(stream, 3);
        Leases once = Leases.of(MINUTE).maxDeliveries(1);
        assertEquals(ids, ids(alice.lease(stream, "workers", "Job", 10, Duration.ZERO, once)));
        alice.nackAll(stream, "workers", ids, Duration.ZERO);
        assertEquals(List.of(), alice.lease(stream, "workers", "Job", 10, Duration.ZERO, once),
                "leased once already: dead-lettered instead");

        DeadLetterPage page = alice.deadLetters(stream, "workers", "Job", 0, 2);
        assertEquals(ids.subList(0, 2), page.deadLetters().stream().map(DeadLetter::eventId).toList());
        assertEquals(1, page.deadLetters().getFirst().deliveries());
        assertEquals(2L, page.next().orElseThrow());
        DeadLetterPage last = alice.deadLetters(stream, "workers", "Job", page.next().getAsLong(), 2);
        assertEquals(List.of(ids.get(2)), last.deadLetters().stream().map(DeadLetter::eventId).toList());
        assertTrue(last.next().isEmpty());

        alice.retryDeadLetter(stream, "workers", ids.get(0));
        alice.deleteDeadLetter(stream, "workers", ids.get(1));
        assertThrows(NotFoundException.class, () -> alice.deleteDeadLetter(stream, "workers", ids.get(1)));
        assertEquals(List.of(ids.get(2)), alice.deadLetters(stream, "workers", "Job", 0, 10).deadLetters().stream()
                .map(DeadLetter::eventId).toList());
        List<LeasedEvent> retried = alice.lease(stream, "workers", "Job", 10, Duration.ZERO, Leases.of(MINUTE));
        assertEquals(List.of(ids.get(0)), ids(retried), "retried: leasable again, though below the offset");
        assertEquals(1, retried.getFirst().deliveries(), "counted from 0 again");
        try (EventServerClient bob = EventServerClient.builder(server.url()).credentials("bob", "bob-pw").build()) {
            assertThrows(ForbiddenException.class, () -> bob.deadLetters(stream, "workers", "Job", 0, 10),
                    "the consumer id belongs to alice");
        }
    }

    /**
     * Two leased subscriptions of one consumer id: each handler holds its first event until the other has one too,
     * so both must have leased a page of their own; every event is handled exactly once.
     */
    @Test
    void twoSubscriptionsSharingAConsumerIdGetDisjointEvents() throws Exception {
        String stream = unique("replicas");
        List<String> ids = publish(stream, 40);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        List<String> byFirst = new CopyOnWriteArrayList<>();
        List<String> bySecond = new CopyOnWriteArrayList<>();
        Leases leases = Leases.of(Duration.ofSeconds(120));
        try (Subscription first = alice.subscribe(stream, "replicated", "Job", leases, event -> {
                 firstStarted.countDown();
                 assertTrue(secondStarted.await(60, TimeUnit.SECONDS), "the other replica got no page");
                 byFirst.add(event.eventId());
             });
             Subscription second = alice.subscribe(stream, "replicated", "Job", leases, event -> {
                 secondStarted.countDown();
                 assertTrue(firstStarted.await(60, TimeUnit.SECONDS), "the other replica got no page");
                 bySecond.add(event.eventId());
             })) {
            await(() -> first.handled() + second.handled() == ids.size(), "every event acknowledged");
        }
        Set<String> overlap = new HashSet<>(byFirst);
        overlap.retainAll(bySecond);
        assertEquals(Set.of(), overlap, "no event went to both");
        assertFalse(byFirst.isEmpty());
        assertFalse(bySecond.isEmpty());
        List<String> all = new ArrayList<>(byFirst);
        all.addAll(bySecond);
        assertEquals(ids.size(), all.size(), "each once");
        assertEquals(new HashSet<>(ids), new HashSet<>(all));
        assertEquals(List.of(), alice.lease(stream, "replicated", "Job", 100, Duration.ZERO, leases),
                "nothing left unfinished");
    }

    /** A poison event: given back each time the handler throws, leased again, then dead-lettered; a retry heals it. */
    @Test
    void aThrowingHandlerLeadsToRedeliveryThenToADeadLetter() throws Exception {
        String stream = unique("poison");
        List<String> ids = publish(stream, 3);
        String poison = ids.get(1);
        AtomicBoolean healed = new AtomicBoolean();
        List<Integer> poisonDeliveries = new CopyOnWriteArrayList<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        List<Exception> errors = new CopyOnWriteArrayList<>();
        Leases leases = Leases.of(MINUTE).maxDeliveries(3);
        try (Subscription subscription = alice.subscribe(stream, "poisoned", "Job", leases, event -> {
            if (event.eventId().equals(poison)) {
                poisonDeliveries.add(event.deliveries());
                if (!healed.get()) {
                    throw new IllegalStateException("cannot process " + event.eventId());
                }
            }
            handled.add(event.eventId());
        }, errors::add)) {
            await(() -> alice.deadLetters(stream, "poisoned", "Job", 0, 10).deadLetters().size() == 1,
                    "the poison event dead-lettered");
            DeadLetter dead = alice.deadLetters(stream, "poisoned", "Job", 0, 10).deadLetters().getFirst();
            assertEquals(poison, dead.eventId());
            assertEquals(3, dead.deliveries());
            assertEquals(List.of(1, 2, 3), poisonDeliveries, "handed over three times, then dead-lettered");
            assertEquals(3, errors.stream().filter(e -> e instanceof IllegalStateException).count(),
                    "each failure reported");
            assertEquals(List.of(ids.get(0), ids.get(2)), handled);

            healed.set(true);
            alice.retryDeadLetter(stream, "poisoned", poison);
            await(() -> handled.contains(poison), "the retried event handled");
            assertEquals(4, poisonDeliveries.size());
            assertEquals(1, poisonDeliveries.getLast(), "deliveries counted from 0 after the retry");
            await(() -> subscription.handled() == 3, "acknowledged");
        }
        assertTrue(alice.deadLetters(stream, "poisoned", "Job", 0, 10).deadLetters().isEmpty());
        assertEquals(List.of(), alice.lease(stream, "poisoned", "Job", 10, Duration.ZERO, leases));
    }

    /** close() finishes the event in hand, acknowledges it, and gives the rest of the page back at once. */
    @Test
    void closingAcknowledgesWhatWasHandledAndGivesTheRestBack() throws Exception {
        String stream = unique("close");
        List<String> ids = publish(stream, 5);
        CountDownLatch inHand = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Subscription subscription = alice.subscribe(stream, "closing", "Job", Leases.of(Duration.ofSeconds(300)),
                event -> {
                    inHand.countDown();
                    assertTrue(finish.await(60, TimeUnit.SECONDS));
                });
        assertTrue(inHand.await(60, TimeUnit.SECONDS));
        Thread closing = Thread.ofPlatform().start(subscription::close);
        await(() -> closing.getState() == Thread.State.TIMED_WAITING, "close() waits for the event in hand");
        finish.countDown();
        closing.join(Duration.ofSeconds(60));
        assertFalse(closing.isAlive(), "close() returned");
        assertEquals(1, subscription.handled());

        List<LeasedEvent> rest = alice.lease(stream, "closing", "Job", 10, Duration.ZERO, Leases.of(MINUTE));
        assertEquals(ids.subList(1, 5), ids(rest), "given back, not left to the 300 s lease");
        assertEquals(2, rest.getFirst().deliveries());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, what + ": not within 60 s");
            Thread.sleep(20);
        }
    }
}

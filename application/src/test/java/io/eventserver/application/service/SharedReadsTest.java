package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.eventserver.application.Eventually;
import io.eventserver.application.TestEvents;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.application.port.out.memory.InMemoryStorage;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.Test;

/**
 * Concurrent reads of one page share one store read, but only one that started after they arrived: a shared answer
 * is never older than its reader (issue 28).
 */
class SharedReadsTest {

    private static final StreamName ORDERS = new StreamName("orders");
    private static final EventName PLACED = new EventName("OrderPlaced");

    private final InMemoryStorage storage = new InMemoryStorage(EventStore.DEFAULT_MAX_EVENT_NAMES,
            new SettableClock(Instant.parse("2026-12-05T10:00:00Z")));
    private final AtomicInteger storeReads = new AtomicInteger();
    /** Store reads hold here, after they read, until the test lets them go. */
    private final Semaphore released = new Semaphore(0);
    private final CountDownLatch firstReadDone = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicLong clock = new AtomicLong();
    private final SharedReads shared = new SharedReads(gated(storage.eventStore()), clock::get);

    @Test
    void readsThatArriveBeforeAStoreReadStartsShareIt() throws Exception {
        List<RecordedEvent> placed = placed(3);

        CompletableFuture<List<RecordedEvent>> first = read();
        assertTrue(firstReadDone.await(60, TimeUnit.SECONDS));
        // arrives at the instant the first store read started: anything committed before it was in that read
        CompletableFuture<List<RecordedEvent>> second = read();
        awaitJoined();
        released.release(1);

        assertEquals(placed, first.get(60, TimeUnit.SECONDS));
        assertSame(first.get(), second.get(60, TimeUnit.SECONDS), "one answer for both");
        assertEquals(1, storeReads.get());
    }

    @Test
    void aReadThatArrivesAfterAStoreReadStartedDoesNotShareItAndSeesWhatWasCommittedBefore() throws Exception {
        List<RecordedEvent> placed = placed(3);

        CompletableFuture<List<RecordedEvent>> first = read();
        assertTrue(firstReadDone.await(60, TimeUnit.SECONDS));
        RecordedEvent fourth = placed(1).getFirst();
        clock.incrementAndGet();
        CompletableFuture<List<RecordedEvent>> second = read();
        released.release(2);

        assertEquals(placed, first.get(60, TimeUnit.SECONDS), "the first read's answer as it read it");
        assertEquals(List.of(placed.get(0), placed.get(1), placed.get(2), fourth), second.get(60, TimeUnit.SECONDS));
        assertEquals(2, storeReads.get());
    }

    @Test
    void aStoreReadThatFailsFailsEveryReaderThatSharedItAndTheNextReadTriesAgain() throws Exception {
        placed(1);
        failure.set(new StoreUnavailable("the database went away", null));

        CompletableFuture<List<RecordedEvent>> first = read();
        assertTrue(firstReadDone.await(60, TimeUnit.SECONDS));
        CompletableFuture<List<RecordedEvent>> second = read();
        awaitJoined();
        released.release(1);

        for (CompletableFuture<List<RecordedEvent>> read : List.of(first, second)) {
            Exception thrown = assertThrows(Exception.class, () -> read.get(60, TimeUnit.SECONDS));
            assertTrue(thrown.getCause() instanceof StoreUnavailable, thrown.toString());
        }
        failure.set(null);
        released.release(1);
        assertEquals(1, shared.readAfter(ORDERS, PLACED, Sequence.ZERO, 10).size());
    }

    @Test
    void manyConcurrentReadersOfOnePageEachGetThePageAsTheStoreHasIt() throws Exception {
        List<RecordedEvent> placed = placed(5);
        SharedReads real = new SharedReads(storage.eventStore());
        List<CompletableFuture<List<RecordedEvent>>> reads = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) {
            reads.add(CompletableFuture.supplyAsync(() -> real.readAfter(ORDERS, PLACED, new Sequence(1), 3)));
        }
        for (CompletableFuture<List<RecordedEvent>> read : reads) {
            assertEquals(placed.subList(1, 4), read.get(60, TimeUnit.SECONDS));
        }
    }

    private final List<Thread> readers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private CompletableFuture<List<RecordedEvent>> read() {
        return CompletableFuture.supplyAsync(() -> shared.readAfter(ORDERS, PLACED, Sequence.ZERO, 10),
                runnable -> readers.add(Thread.ofPlatform().daemon().start(runnable)));
    }

    /** Until the last reader waits for another's store read (a store read of its own waits with a time-out). */
    private void awaitJoined() {
        Thread last = readers.getLast();
        Eventually.within(Eventually.GENEROUS, () -> assertEquals(Thread.State.WAITING, last.getState()));
    }

    private List<RecordedEvent> placed(int count) {
        return Stores.append(storage.eventStore(), ORDERS, TestEvents.producer("shop"), PLACED.value(), count);
    }

    /** The store, with its page reads counted and held after they read. */
    private EventStore gated(EventStore store) {
        return (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                (proxy, method, args) -> {
                    try {
                        if (!method.getName().equals("readAfter")) {
                            return method.invoke(store, args);
                        }
                        storeReads.incrementAndGet();
                        Object page = method.invoke(store, args);
                        firstReadDone.countDown();
                        if (!released.tryAcquire(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never released the read");
                        }
                        RuntimeException failing = failure.get();
                        if (failing != null) {
                            throw failing;
                        }
                        return page;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

package io.eventserver.adapters.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventserver.application.TestEvents;
import io.eventserver.application.port.out.AppendResult;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.IdempotencyKey;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;

/**
 * Producers publishing one event per request to one stream, each request with its own Idempotency-Key and retried
 * with the same key until it is answered — what a careful client does while brokers fail. {@link #stop} waits
 * until every producer's last request was answered; {@link #verify} checks what Kafka kept.
 */
final class KeyedLoad implements AutoCloseable {

    static final EventName TICK = new EventName("Tick");

    private final EventStore events;
    private final Stream stream;
    private final Set<EventId> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger answeredKeys = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final ExecutorService pool;
    private final List<Future<?>> workers = new ArrayList<>();

    /** Creates a stream with one event, then starts {@code producers} producers on it. */
    KeyedLoad(EventStore events, int producers, Duration giveUpAfter) {
        this.events = events;
        Stream created = Stream.claim(TestEvents.uniqueStream(), TestEvents.producer("owner-1"));
        acknowledged.add(events.append(created, created.append(created.owner(), TestEvents.draft("Tick"))).id());
        answeredKeys.incrementAndGet();
        this.stream = events.findStream(created.name()).orElseThrow();
        this.pool = Executors.newFixedThreadPool(producers);
        for (int p = 0; p < producers; p++) {
            int producer = p;
            workers.add(pool.submit(() -> {
                long giveUp = System.nanoTime() + giveUpAfter.toNanos();
                for (int i = 0; running.get(); i++) {
                    Optional<Idempotency> key = key("p" + producer + "-" + i);
                    while (true) {
                        try {
                            AppendResult result = events.append(
                                    stream.append(stream.owner(), List.of(TestEvents.draft("Tick"))), key);
                            acknowledged.addAll(result.ids());
                            answeredKeys.incrementAndGet();
                            break;
                        } catch (StoreUnavailable retry) {
                            if (System.nanoTime() - giveUp > 0) {
                                throw new AssertionError("no publish succeeded for " + giveUpAfter, retry);
                            }
                            retries.incrementAndGet();
                            Thread.sleep(100);
                        }
                    }
                }
                return null;
            }));
        }
    }

    Stream stream() {
        return stream;
    }

    int acknowledged() {
        return acknowledged.size();
    }

    int retries() {
        return retries.get();
    }

    /** Waits until {@code more} further events were acknowledged (or {@code atMost} passed). */
    void awaitMore(int more, Duration atMost) throws InterruptedException {
        int target = acknowledged.size() + more;
        long until = System.nanoTime() + atMost.toNanos();
        while (acknowledged.size() < target && System.nanoTime() < until) {
            Thread.sleep(100);
        }
    }

    /** Stops the producers after their current request is answered. */
    void stop() throws Exception {
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get();
        }
    }

    /**
     * Offsets consecutive from 1, no event twice, every acknowledged event there, one event per answered key.
     *
     * @return the stored events
     */
    List<RecordedEvent> verify() {
        List<RecordedEvent> stored = new ArrayList<>();
        Sequence after = Sequence.ZERO;
        List<RecordedEvent> page;
        while (!(page = events.readAfter(stream.name(), TICK, after, 1000)).isEmpty()) {
            stored.addAll(page);
            after = page.getLast().sequence();
        }
        for (int i = 0; i < stored.size(); i++) {
            assertEquals(i + 1, stored.get(i).sequence().value(), "offsets are consecutive");
        }
        Set<EventId> ids = new HashSet<>();
        stored.forEach(event -> ids.add(event.id()));
        assertEquals(stored.size(), ids.size(), "no event is stored twice");
        Set<EventId> lost = new HashSet<>(acknowledged);
        lost.removeAll(ids);
        assertTrue(lost.isEmpty(), lost.size() + " acknowledged events lost");
        assertEquals(answeredKeys.get(), stored.size(), "one event per answered key: no retry duplicated one");
        return stored;
    }

    @Override
    public void close() {
        running.set(false);
        pool.shutdownNow();
    }

    private static Optional<Idempotency> key(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new Idempotency(new IdempotencyKey(value), HexFormat.of().formatHex(digest)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port the test does not use: users and id owners are the PostgreSQL engine's (ADR 38). */
    static <T> T unused(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(port.getSimpleName() + " is not under test here");
        }));
    }
}

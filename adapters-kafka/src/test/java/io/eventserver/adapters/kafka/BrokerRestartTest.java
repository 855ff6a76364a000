package io.eventserver.adapters.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import com.zaxxer.hikari.HikariDataSource;
import io.eventserver.application.TestEvents;
import io.eventserver.application.port.out.AppendResult;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.application.port.out.UserStore;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.IdempotencyKey;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

/**
 * The broker restarts while producers publish and retry (each publish with its own Idempotency-Key, retried with
 * the same key until it is answered): the offsets stay consecutive, every answered event is there exactly once,
 * and no retry stored an event twice.
 */
class BrokerRestartTest {

    private static final Logger LOG = Logger.getLogger(BrokerRestartTest.class.getName());
    private static final EventName TICK = new EventName("Tick");

    @Test
    void aRestartedBrokerLosesNothingAcknowledgedAndLeavesNoGap() throws Exception {
        try (KafkaClusterTestKit cluster = TestBroker.start(1, false);
             HikariDataSource metadata = MetadataDatabase.create()) {
            KafkaSettings settings = new KafkaSettings(cluster.bootstrapServers(), (short) 1, 1, "restart.",
                    Duration.ofSeconds(5), Map.of(), Map.of());
            KafkaStorage storage = KafkaStorage.open(settings, metadata, unused(UserStore.class),
                    unused(IdOwnership.class));
            try {
                EventStore events = storage.eventStore();
                Stream created = Stream.claim(TestEvents.uniqueStream(), TestEvents.producer("owner-1"));
                events.append(created, created.append(created.owner(), TestEvents.draft("Tick")));
                Stream stream = events.findStream(created.name()).orElseThrow();

                Set<EventId> acknowledged = ConcurrentHashMap.newKeySet();
                acknowledged.add(events.readAfter(stream.name(), TICK, Sequence.ZERO, 1).getFirst().id());
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger keys = new AtomicInteger(1);
                AtomicInteger retries = new AtomicInteger();
                int producers = 4;
                try (ExecutorService pool = Executors.newFixedThreadPool(producers)) {
                    List<Future<?>> workers = new ArrayList<>();
                    for (int p = 0; p < producers; p++) {
                        int producer = p;
                        workers.add(pool.submit(() -> {
                            long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                            for (int i = 0; running.get(); i++) {
                                Optional<Idempotency> key = key("p" + producer + "-" + i);
                                while (true) {
                                    try {
                                        AppendResult result = events.append(stream, List.of(
                                                stream.append(stream.owner(), TestEvents.draft("Tick"))), key);
                                        acknowledged.addAll(result.ids());
                                        keys.incrementAndGet();
                                        break;
                                    } catch (StoreUnavailable retry) {
                                        if (System.nanoTime() - giveUp > 0) {
                                            throw new AssertionError("no publish succeeded for two minutes", retry);
                                        }
                                        retries.incrementAndGet();
                                        Thread.sleep(100);
                                    }
                                }
                            }
                            return null;
                        }));
                    }
                    Thread.sleep(1_500);
                    String before = cluster.bootstrapServers();
                    cluster.restartBroker(0, Map.of());
                    LOG.info(() -> "broker restarted (" + before + " -> " + cluster.bootstrapServers() + ")");
                    int atRestart = acknowledged.size();
                    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (acknowledged.size() < atRestart + 200 && System.nanoTime() < until) {
                        Thread.sleep(100);
                    }
                    running.set(false);
                    for (Future<?> worker : workers) {
                        worker.get();
                    }
                }

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
                assertTrue(ids.containsAll(acknowledged), "every acknowledged event is stored");
                assertEquals(keys.get(), stored.size(), "one event per answered key: no retry duplicated one");
                System.out.println("KAFKA-BROKER-RESTART events=" + stored.size() + " acknowledged="
                        + acknowledged.size() + " retries=" + retries.get() + " lost=0 duplicated=0 gaps=0");
            } finally {
                storage.close();
            }
        }
    }

    private static Optional<Idempotency> key(String value) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return Optional.of(new Idempotency(new IdempotencyKey(value), HexFormat.of().formatHex(digest)));
    }

    private static <T> T unused(Class<T> port) {
        return port.cast(java.lang.reflect.Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(port.getSimpleName() + " is not under test here");
                }));
    }
}

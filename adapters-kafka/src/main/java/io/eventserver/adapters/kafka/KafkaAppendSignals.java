package io.eventserver.adapters.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.eventserver.application.port.out.AppendSignals;
import io.eventserver.application.port.out.VitalThread;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.stream.StreamName;
import org.apache.kafka.common.TopicPartition;

/**
 * Signals of committed events on Kafka (ADR 38): this process's own appends are signalled as soon as Kafka
 * acknowledged them; appends by other processes are seen by a watcher that asks for the end offsets of the topics
 * readers recently reached the end of, every {@link #INTERVAL}. A topic nobody read for {@link #FORGET_AFTER} is
 * no longer watched. A pair without a topic yet is looked for in the topic mapping every {@link #MISSING_EVERY}
 * intervals, so that a waiter for the first event of a new event name is woken too.
 */
final class KafkaAppendSignals implements AppendSignals, AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(100);
    static final Duration FORGET_AFTER = Duration.ofSeconds(60);
    static final int MISSING_EVERY = 3;
    private static final Logger LOG = Logger.getLogger(KafkaAppendSignals.class.getName());

    private final Readers readers;
    private final Topics topics;
    private final Map<Pair, Long> missing = new ConcurrentHashMap<>();
    private int ticks;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Watched> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watcher;
    private final ScheduledFuture<?> watching;
    private volatile boolean lost;

    private static final class Watched {
        final StreamName stream;
        final EventName name;
        volatile long end;
        volatile long readAtNanos;

        Watched(StreamName stream, EventName name, long end) {
            this.stream = stream;
            this.name = name;
            this.end = end;
            this.readAtNanos = System.nanoTime();
        }
    }

    private record Pair(StreamName stream, EventName name) {
    }

    KafkaAppendSignals(Readers readers, Topics topics) {
        this.readers = Objects.requireNonNull(readers, "readers");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kafka-end-offset-watcher");
            thread.setDaemon(true);
            return thread;
        });
        this.watching = watcher.scheduleWithFixedDelay(this::look, INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The periodic look at end offsets: waiting consumers wake on other processes' appends through it. */
    VitalThread vitalThread() {
        return VitalThread.of("kafka-end-offset-watcher", watching);
    }

    @Override
    public void onAppended(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** This process stored events of the pair. */
    void appended(StreamName stream, EventName name) {
        listeners.forEach(listener -> listener.appended(stream, name));
    }

    /** A reader reached {@code end} of the pair's topic and may wait for what comes next. */
    void watch(StreamName stream, EventName name, TopicPartition partition, long end) {
        watched.compute(partition, (ignored, known) -> {
            if (known == null) {
                return new Watched(stream, name, end);
            }
            known.readAtNanos = System.nanoTime();
            return known;
        });
    }

    /** A reader found no topic for the pair: it has no events yet, and may wait for the first. */
    void watchMissing(StreamName stream, EventName name) {
        missing.put(new Pair(stream, name), System.nanoTime());
    }

    /** Stops watching a deleted stream's topics (ADR 62): a deleted topic would fail every look at the others. */
    void forget(StreamName stream) {
        watched.values().removeIf(w -> w.stream.equals(stream));
        missing.keySet().removeIf(pair -> pair.stream().equals(stream));
    }

    private void look() {
        long now = System.nanoTime();
        watched.values().removeIf(w -> now - w.readAtNanos > FORGET_AFTER.toNanos());
        missing.values().removeIf(readAt -> now - readAt > FORGET_AFTER.toNanos());
        if (++ticks % MISSING_EVERY == 0 && !missing.isEmpty()) {
            lookForNewTopics();
        }
        if (watched.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, Long> ends = readers.endOffsets(List.copyOf(watched.keySet()));
            if (lost) {
                lost = false;
                listeners.forEach(Listener::anything);
            }
            ends.forEach((partition, end) -> {
                Watched w = watched.get(partition);
                if (w != null && end > w.end) {
                    w.end = end;
                    listeners.forEach(listener -> listener.appended(w.stream, w.name));
                }
            });
        } catch (RuntimeException e) {
            lost = true;
            LOG.log(Level.FINE, "end offsets not available: " + e.getMessage());
        }
    }

    private void lookForNewTopics() {
        List<Pair> pairs = List.copyOf(missing.keySet());
        try {
            for (Topics.Topic topic : topics.created(pairs.stream().map(Pair::stream).toList(),
                    pairs.stream().map(Pair::name).toList())) {
                missing.remove(new Pair(topic.stream(), topic.name()));
                watch(topic.stream(), topic.name(), topic.partition(), 0);
                listeners.forEach(listener -> listener.appended(topic.stream(), topic.name()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "new topics not available: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}

package io.eventserver.bootstrap;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.eventserver.application.port.out.StorageEngine;
import io.eventserver.application.port.out.VitalThread;

/**
 * What {@code /observe/health/ready} answers, refreshed in the background at a fixed rate (ADR 19): a health
 * request only reads the last results, so a flood of them costs no storage work and cannot delay a publish. The
 * storage engine's probes run every {@code health.refresh-interval}, in their order, on one daemon thread; the
 * {@code listener} check is set when Helidon's listener stops (ADR 18), the {@code shutdown} check when the server
 * begins to stop (ADR 36). The {@code threads} check alone is asked at each request: whether every thread the
 * server relies on is alive ({@link VitalThreads}, issue 29) — this one's refresh among them, whose results would
 * otherwise stay as they were for ever once it died.
 */
final class Readiness implements AutoCloseable {

    static final String LISTENER = "listener";
    /** Down from the moment the server begins to stop: a load balancer takes the node out before it goes away. */
    static final String SHUTDOWN = "shutdown";
    /** Down as soon as a thread the server relies on has died (issue 29). */
    static final String THREADS = "threads";

    private final List<StorageEngine.Probe> probes;
    private final VitalThreads vital;
    private final Map<String, Boolean> up = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    /** Probes once before returning, so the first health request after start-up already knows. */
    Readiness(List<StorageEngine.Probe> probes, VitalThreads vital) {
        this.probes = List.copyOf(probes);
        this.vital = vital;
        up.put(LISTENER, true);
        up.put(SHUTDOWN, true);
        refresh();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon(true)
                .name("eventserver-readiness").factory());
    }

    Readiness start(Duration period) {
        vital.watch(VitalThread.of("eventserver-readiness", timer.scheduleWithFixedDelay(this::refresh,
                period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS)));
        return this;
    }

    private void refresh() {
        for (StorageEngine.Probe probe : probes) {
            boolean result;
            try {
                result = probe.check().getAsBoolean();
            } catch (RuntimeException e) {
                result = false;
            }
            up.put(probe.name(), result);
        }
    }

    /** The checks by name, in a stable order: the listener first, then the threads, then the storage's probes. */
    List<String> names() {
        return Stream.concat(Stream.of(LISTENER, SHUTDOWN, THREADS), probes.stream().map(StorageEngine.Probe::name))
                .toList();
    }

    /** The last result of the check with this name; for {@code threads}, the result now. */
    boolean isUp(String name) {
        if (name.equals(THREADS)) {
            return vital.allAlive();
        }
        return up.getOrDefault(name, false);
    }

    /** The server begins to stop; it is not ready again. */
    void stopping() {
        up.put(SHUTDOWN, false);
    }

    /** The HTTP listener stopped accepting connections; the server is not ready again. */
    void listenerStopped() {
        up.put(LISTENER, false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

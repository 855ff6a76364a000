package io.eventserver.bootstrap;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.port.in.InspectStreamsUseCase;
import io.eventserver.application.port.out.VitalThread;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * Consumer lag as Prometheus gauges, {@code eventserver_consumer_lag_events} and
 * {@code eventserver_consumer_lag_seconds}, labelled with stream, event name and consumer. To keep the number of
 * series bounded, only the {@code limit} cursors furthest behind are exported; the set is refreshed every
 * {@code period} and series that fell out of it are removed. Each server process exports its own view; they agree
 * up to one refresh period.
 */
final class LagGauges implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LagGauges.class.getName());

    private final InspectStreamsUseCase inspect;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final int limit;
    private final Map<List<Tag>, ConsumerLag> current = new ConcurrentHashMap<>();
    private final Map<List<Tag>, List<Meter>> registered = new HashMap<>();
    private volatile ScheduledFuture<?> refreshing;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "eventserver-lag-gauges");
        thread.setDaemon(true);
        return thread;
    });

    LagGauges(InspectStreamsUseCase inspect, MeterRegistry metrics, Clock clock, int limit) {
        this.inspect = inspect;
        this.metrics = metrics;
        this.clock = clock;
        this.limit = limit;
    }

    /**
     * Refreshes every {@code period}, the first time after at most two seconds: the first refresh is a query over
     * every cursor, and the server's start-up, when the JVM is busiest, should not pay for it.
     */
    LagGauges start(Duration period) {
        long millis = period.toMillis();
        refreshing = refresher.scheduleWithFixedDelay(this::refreshQuietly, Math.min(millis, 2_000), millis,
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** The periodic refresh, which readiness watches (issue 29); call after {@link #start}. */
    VitalThread vitalThread() {
        return VitalThread.of("eventserver-lag-gauges", refreshing);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "consumer lag metrics not refreshed: " + e);
        }
    }

    /** Replaces the exported series by the current {@code limit} largest lags. */
    synchronized void refresh() {
        Map<List<Tag>, ConsumerLag> fresh = new HashMap<>();
        for (ConsumerLag lag : inspect.largestLags(limit)) {
            fresh.put(List.of(Tag.create("stream", lag.stream().value()),
                    Tag.create("event_name", lag.eventName().value()),
                    Tag.create("consumer", lag.consumer().value())), lag);
        }
        current.putAll(fresh);
        current.keySet().retainAll(fresh.keySet());
        for (var stale : List.copyOf(registered.keySet())) {
            if (!fresh.containsKey(stale)) {
                registered.remove(stale).forEach(metrics::remove);
            }
        }
        for (List<Tag> tags : fresh.keySet()) {
            registered.computeIfAbsent(tags, t -> List.of(
                    metrics.getOrCreate(Gauge.builder("eventserver.consumer.lag.events",
                                    () -> events(t))
                            .description("Events not yet acknowledged (largest " + limit + " only)")
                            .tags(t)),
                    metrics.getOrCreate(Gauge.builder("eventserver.consumer.lag.seconds",
                                    () -> seconds(t))
                            .description("Age of the oldest unacknowledged event (largest " + limit + " only)")
                            .tags(t))));
        }
    }

    private long events(List<Tag> tags) {
        ConsumerLag lag = current.get(tags);
        return lag == null ? 0 : lag.lag();
    }

    private double seconds(List<Tag> tags) {
        ConsumerLag lag = current.get(tags);
        return lag == null ? 0 : lag.timeLagSeconds(clock.instant());
    }

    /** Stops refreshing and removes the series from the registry. */
    @Override
    public synchronized void close() {
        refresher.shutdownNow();
        registered.values().forEach(meters -> meters.forEach(metrics::remove));
        registered.clear();
        current.clear();
    }
}

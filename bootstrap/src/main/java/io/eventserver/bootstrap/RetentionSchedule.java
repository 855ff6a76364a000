package io.eventserver.bootstrap;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.eventserver.application.model.Removal;
import io.eventserver.application.port.out.RetentionStore;
import io.eventserver.application.service.RetentionSweeper;
import io.eventserver.domain.retention.Retention;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * Runs a retention sweep every {@code retention.check-interval} on a thread of its own (ADR 60): every node does, and
 * the store keeps concurrent sweeps apart. Counts per stream what this node removed,
 * {@code eventserver_retention_removed_events_total}, and of that what consumers had not acknowledged,
 * {@code eventserver_retention_expired_unacknowledged_total} (summed over the nodes, they count every removal once).
 */
final class RetentionSchedule implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RetentionSchedule.class.getName());

    private final RetentionSweeper sweeper;
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "eventserver-retention");
        thread.setDaemon(true);
        return thread;
    });

    RetentionSchedule(RetentionStore store, Retention defaults, MeterRegistry metrics) {
        this.sweeper = new RetentionSweeper(store, defaults, RetentionSweeper.DEFAULT_STEP,
                removal -> count(metrics, removal));
    }

    RetentionSchedule start(Duration interval) {
        long millis = interval.toMillis();
        runner.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    private void sweepQuietly() {
        try {
            long removed = sweeper.sweep();
            if (removed > 0) {
                LOG.log(System.Logger.Level.DEBUG, "retention removed " + removed + " event(s)");
            }
        } catch (RuntimeException e) {
            // the next interval tries again; what was removed so far is committed
            LOG.log(System.Logger.Level.WARNING, "retention sweep stopped: " + e);
        }
    }

    private static void count(MeterRegistry metrics, Removal removal) {
        Tag stream = Tag.create("stream", removal.stream().value());
        metrics.getOrCreate(Counter.builder("eventserver.retention.removed.events")
                        .description("Events retention removed, by the stream they belonged to (this node)")
                        .tags(java.util.List.of(stream)))
                .increment(removal.events());
        metrics.getOrCreate(Counter.builder("eventserver.retention.expired.unacknowledged")
                        .description("Events retention removed before a consumer had acknowledged them, counted per"
                                + " consumer (this node)")
                        .tags(java.util.List.of(stream)))
                .increment(removal.expiredUnacknowledged());
    }

    @Override
    public void close() {
        runner.shutdownNow();
        try {
            runner.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.eventserver.application.service;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.eventserver.application.model.Removal;
import io.eventserver.application.port.out.RetentionStore;
import io.eventserver.domain.retention.Retention;

/**
 * Removes the events beyond their stream's retention, step by step, until none is left (ADR 60). Every process runs
 * one at {@code retention.check-interval}; the store makes concurrent sweeps on several processes safe. Each step is
 * a short transaction per (stream, event name), so publishes and reads never wait long for a sweep.
 */
public final class RetentionSweeper {

    /** The most events one transaction removes (ADR 61 measured this size). */
    public static final int DEFAULT_STEP = 5_000;
    /**
     * After each step the sweep rests twice as long as the step took: a removal takes at most about a third of what
     * one connection can do, so that publishes keep their pace while a backlog is removed (ADR 61: resting as long as
     * the step took left publishes at 0.76× in the full-size run); removing a backlog takes about three times as long.
     */
    private static final double REST_PER_WORK = 2.0;

    private final RetentionStore store;
    private final Retention defaults;
    private final int step;
    private final Consumer<Removal> removed;

    /**
     * @param step    the most events one transaction removes
     * @param removed told what each step removed, for the metrics
     */
    public RetentionSweeper(RetentionStore store, Retention defaults, int step, Consumer<Removal> removed) {
        this.store = Objects.requireNonNull(store, "store");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        if (step < 1) {
            throw new IllegalArgumentException("step must be >= 1");
        }
        this.step = step;
        this.removed = Objects.requireNonNull(removed, "removed");
    }

    /**
     * Removes until nothing is beyond its retention, or the thread is interrupted; then, when it removed any, makes
     * their space reusable (ADR 61).
     *
     * @return how many events this sweep removed
     */
    public long sweep() {
        long total = 0;
        while (!Thread.currentThread().isInterrupted()) {
            long started = System.nanoTime();
            List<Removal> removals = store.removeExpired(defaults, step);
            if (removals.isEmpty()) {
                break;
            }
            for (Removal removal : removals) {
                total += removal.events();
                removed.accept(removal);
            }
            try {
                long restNanos = (long) ((System.nanoTime() - started) * REST_PER_WORK);
                Thread.sleep(restNanos / 1_000_000, (int) (restNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (total > 0 && !Thread.currentThread().isInterrupted()) {
            store.reclaimSpace();
        }
        return total;
    }
}

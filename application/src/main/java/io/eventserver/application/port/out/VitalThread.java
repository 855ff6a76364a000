package io.eventserver.application.port.out;

import java.util.Objects;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * A thread the server cannot work without — or a periodic task that a scheduled executor runs on one — such as the
 * group-commit writer, the notifications listener or the edge's time-out watchdog. Once one has died (an
 * {@code OutOfMemoryError} in it, say), requests may hang or be answered wrongly while the process looks healthy;
 * readiness answers 503 as soon as one is dead (issue 29, ADR 45). {@code alive} is called on every readiness
 * request: it must be cheap and must not block.
 */
public record VitalThread(String name, BooleanSupplier alive) {

    public VitalThread {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(alive, "alive");
    }

    /** A started thread: alive while it runs. */
    public static VitalThread of(Thread thread) {
        return new VitalThread(thread.getName(), thread::isAlive);
    }

    /**
     * A task repeated by a scheduled executor: dead once it threw (the executor then never runs it again, and its
     * thread lives on, idle) or was cancelled.
     */
    public static VitalThread of(String name, Future<?> periodic) {
        return new VitalThread(name, () -> !periodic.isDone());
    }
}

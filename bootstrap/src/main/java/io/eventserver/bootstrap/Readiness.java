package io.eventserver.bootstrap;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.eventserver.adapters.postgres.DatabaseProbe;

/**
 * What {@code /observe/health/ready} answers, refreshed in the background at a fixed rate (ADR 18): a health
 * request only reads these fields, so a flood of them costs no database work and cannot delay a publish. The
 * database is probed every {@code health.refresh-ms} on the probe's own connection; the migrations, which only
 * change when someone migrates the database under a running server, every 30 s.
 */
final class Readiness implements AutoCloseable {

    private static final Duration MIGRATIONS_PERIOD = Duration.ofSeconds(30);

    private final DatabaseProbe probe;
    private final ScheduledExecutorService timer;
    private volatile boolean database;
    private volatile boolean migrated;
    private volatile boolean listening = true;
    private long migrationsCheckedNanos;

    /** Probes once before returning, so the first health request after start-up already knows. */
    Readiness(DatabaseProbe probe) {
        this.probe = probe;
        refresh();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon(true)
                .name("eventserver-readiness").factory());
    }

    Readiness start(Duration period) {
        timer.scheduleWithFixedDelay(this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One probe of the database; the migrations too when they are due or were not known to be applied. */
    private void refresh() {
        boolean up = probe.reachable();
        database = up;
        long now = System.nanoTime();
        if (up && (!migrated || now - migrationsCheckedNanos > MIGRATIONS_PERIOD.toNanos())) {
            migrated = probe.migrated();
            migrationsCheckedNanos = now;
        }
    }

    boolean database() {
        return database;
    }

    boolean migrated() {
        return migrated;
    }

    boolean listening() {
        return listening;
    }

    /** The HTTP listener stopped accepting connections; the server is not ready again. */
    void listenerStopped() {
        listening = false;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probe.close();
    }
}

package io.eventserver.adapters.http.events;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cuts off event streams whose client stopped reading (ADR 35): a write that has been blocked longer than the limit
 * gets its thread interrupted, which on a virtual thread closes the socket. One watchdog thread for all streams,
 * started with the first write and ended by {@link #close}.
 */
final class StalledWrites implements AutoCloseable {

    /** Some writing that may block on the client. */
    @FunctionalInterface
    interface Write {
        void run() throws IOException;
    }

    private final long limitNanos;
    private final Map<Thread, Long> writing = new ConcurrentHashMap<>();
    private volatile Thread watchdog;
    private volatile boolean closed;

    StalledWrites(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    /** Runs {@code write}; interrupts it when it is still blocked after the limit. */
    void watch(Write write) throws IOException {
        startOnce();
        writing.put(Thread.currentThread(), System.nanoTime());
        try {
            write.run();
        } finally {
            writing.remove(Thread.currentThread());
        }
    }

    private synchronized void startOnce() {
        if (watchdog == null && !closed) {
            watchdog = Thread.ofPlatform().daemon().name("eventserver-stalled-writes").start(this::run);
        }
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            writing.forEach((thread, since) -> {
                if (now - since > limitNanos) {
                    thread.interrupt();
                }
            });
        }
    }

    /** True unless the watchdog, once started, has died; it starts with the first stream. */
    boolean alive() {
        Thread started = watchdog;
        return started == null || closed || started.isAlive();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watchdog != null) {
            watchdog.interrupt();
        }
    }
}

package io.eventserver.adapters.http.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bounds the access log's volume of repeated client errors (ADR 18): per client address and status, at most
 * {@code perMinute} lines of 400 and 401 a minute are written; the rest are counted instead (the request metrics
 * count every request anyway). The first line after a minute that suppressed some says how many. Only 400 and 401
 * are sampled: they are what floods and scanners produce, while every other line still tells one request's story.
 * Behind a load balancer all clients share its address, so the bound holds per balancer.
 */
public final class LogSampler {

    /** Bounded: a flood from many addresses must not grow the map without end. */
    private static final int MAX_KEYS = 10_000;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    LogSampler(int perMinute, LongSupplier nanoClock) {
        if (perMinute < 0) {
            throw new IllegalArgumentException("the client-error lines per minute must not be negative");
        }
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
    }

    private static boolean isSampled(int status) {
        return status == 400 || status == 401;
    }

    /**
     * Whether to write the line of a request with this status from this client.
     *
     * @return -1 to drop it; otherwise write it, and the number is how many similar lines were dropped in the
     *         window before (0 usually)
     */
    long admit(String client, int status) {
        if (!isSampled(status)) {
            return 0;
        }
        if (windows.size() >= MAX_KEYS) {
            windows.clear();
        }
        Window window = windows.computeIfAbsent(client + ' ' + status, key -> new Window());
        synchronized (window) {
            long now = nanoClock.getAsLong();
            long dropped = 0;
            if (now - window.startedNanos >= MINUTE_NANOS) {
                dropped = window.dropped;
                window.startedNanos = now;
                window.written = 0;
                window.dropped = 0;
            }
            if (window.written < perMinute) {
                window.written++;
                return dropped;
            }
            window.dropped++;
            return -1;
        }
    }

    private final class Window {
        long startedNanos = nanoClock.getAsLong();
        int written;
        long dropped;
    }
}

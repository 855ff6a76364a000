package io.eventserver.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: a random pause up to initial × 2^attempt, at most {@code max}. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private int attempt;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    Duration next() {
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt++, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, ceiling) + 1));
    }

    void reset() {
        attempt = 0;
    }
}

package io.eventserver.adapters.http.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.eventserver.adapters.http.AccessSettings;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;

/**
 * Password verifications, each a deliberately slow hash (600,000 PBKDF2 iterations, ADR 27), bounded before they
 * start (ADR 42): at most {@code maxConcurrent} at once — one more waits up to
 * {@link AccessSettings.PasswordChecks#MAX_WAIT} for its turn, then is refused ({@link Busy}) — and at most
 * {@code perLoginPerMinute} of one login in a minute ({@link TooMany}). Every verification is counted in
 * {@code eventserver_password_verifications_total}. Only requests whose credentials are not remembered as accepted
 * get here, so the bounds cost nothing on the request path of a signed-in client.
 */
final class PasswordChecks {

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_KEYS = 20_000;
    private static final int MAX_LOGIN_LENGTH = 255;
    private static final String NOT_A_LOGIN = "\0not a login";

    /** All verification places are taken, and none came free in time. */
    static final class Busy extends RuntimeException {
        Busy() {
            super("too many password checks at once", null, false, false);
        }
    }

    /** The login's verifications of this minute are used up. */
    static final class TooMany extends RuntimeException {
        private final long retryAfterSeconds;

        TooMany(long retryAfterSeconds) {
            super("too many password checks for this login", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private static final class Minute {
        final long startNanos;
        int checks;

        Minute(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    private final Semaphore places;
    private final long maxWaitMillis;
    private final int perLoginPerMinute;
    private final Map<String, Minute> byLogin = new ConcurrentHashMap<>();
    private final Counter verifications;

    PasswordChecks(AccessSettings.PasswordChecks settings, MeterRegistry metrics) {
        this(settings, metrics, AccessSettings.PasswordChecks.MAX_WAIT.toMillis());
    }

    /** @param maxWaitMillis how long a verification waits for a place (shorter in tests) */
    PasswordChecks(AccessSettings.PasswordChecks settings, MeterRegistry metrics, long maxWaitMillis) {
        this.maxWaitMillis = maxWaitMillis;
        this.places = new Semaphore(settings.maxConcurrent(), true);
        this.perLoginPerMinute = settings.perLoginPerMinute();
        this.verifications = metrics.getOrCreate(Counter.builder("eventserver.password.verifications")
                .description("Password verifications (slow hashes) run to authenticate requests"));
    }

    /**
     * Runs one verification of a password of {@code login}, once both bounds allow it — unless, once its turn has
     * come, {@code remembered} has the answer: requests that arrived together with the same new credentials (a
     * client opening many connections at once) wait for the first one's check instead of each hashing.
     *
     * @param remembered   the answer remembered meanwhile, or null
     * @param verification the slow check
     * @return what {@code remembered} or the verification returns
     * @throws TooMany when the login's checks of this minute are used up (nothing was hashed)
     * @throws Busy    when no verification place came free in time (nothing was hashed)
     */
    <T> T verify(String login, Supplier<T> remembered, Supplier<T> verification) {
        Minute minute = reserve(login);
        boolean entered;
        try {
            entered = places.tryAcquire(maxWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            entered = false;
        }
        if (!entered) {
            giveBack(minute);
            throw new Busy();
        }
        try {
            T known = remembered.get();
            if (known != null) {
                giveBack(minute);
                return known;
            }
            verifications.increment();
            return verification.get();
        } finally {
            places.release();
        }
    }

    private static void giveBack(Minute minute) {
        synchronized (minute) {
            minute.checks--;
        }
    }

    private Minute reserve(String login) {
        long now = System.nanoTime();
        if (byLogin.size() >= MAX_KEYS) {
            byLogin.values().removeIf(minute -> now - minute.startNanos > MINUTE_NANOS);
            if (byLogin.size() >= MAX_KEYS) {
                byLogin.clear();
            }
        }
        Minute minute = byLogin.compute(login.length() <= MAX_LOGIN_LENGTH ? login : NOT_A_LOGIN,
                (ignored, current) -> current == null || now - current.startNanos > MINUTE_NANOS
                        ? new Minute(now) : current);
        synchronized (minute) {
            if (minute.checks >= perLoginPerMinute) {
                long left = minute.startNanos + MINUTE_NANOS - now;
                throw new TooMany(Math.max(1, (left + 999_999_999L) / 1_000_000_000L));
            }
            minute.checks++;
        }
        return minute;
    }
}

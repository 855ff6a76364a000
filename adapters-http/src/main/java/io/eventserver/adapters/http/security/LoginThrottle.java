package io.eventserver.adapters.http.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins counted per login and per client address (ADR 27): after {@code maxFailures} failures within
 * {@code window} of the first one, every attempt with that login or from that address — right or wrong — is
 * refused until the window ends, so that a password cannot be guessed at HTTP speed. Per process. Each map is
 * bounded, and so are its keys (a "login" longer than any login can be counts as one); a map that overflows with
 * live entries is emptied, which an attacker spraying logins could use to reset the per-login counts, never the
 * per-address ones of its own address.
 */
final class LoginThrottle {

    private static final int MAX_KEYS = 20_000;
    private static final int MAX_LOGIN_LENGTH = 255;
    private static final String NOT_A_LOGIN = "\0not a login";

    private static final class Window {
        final long startNanos;
        int failures;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    private final int maxFailures;
    private final long windowNanos;
    private final Map<String, Window> byLogin = new ConcurrentHashMap<>();
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();

    LoginThrottle(int maxFailures, Duration window) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
    }

    /** Seconds until an attempt with this login from this address is heard again; 0: now. */
    long retryAfterSeconds(String login, String address) {
        if (maxFailures <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        return Math.max(blockedFor(byLogin, key(login), now), blockedFor(byAddress, address, now));
    }

    void failed(String login, String address) {
        if (maxFailures <= 0) {
            return;
        }
        long now = System.nanoTime();
        count(byLogin, key(login), now);
        count(byAddress, address, now);
    }

    private static String key(String login) {
        return login.length() <= MAX_LOGIN_LENGTH ? login : NOT_A_LOGIN;
    }

    private long blockedFor(Map<String, Window> windows, String key, long now) {
        Window window = windows.get(key);
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            long left = window.startNanos + windowNanos - now;
            if (left <= 0 || window.failures < maxFailures) {
                return 0;
            }
            return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
        }
    }

    private void count(Map<String, Window> windows, String key, long now) {
        if (windows.size() >= MAX_KEYS) {
            windows.values().removeIf(window -> now - window.startNanos > windowNanos);
            if (windows.size() >= MAX_KEYS) {
                windows.clear();
            }
        }
        Window window = windows.compute(key, (ignored, current) ->
                current == null || now - current.startNanos > windowNanos ? new Window(now) : current);
        synchronized (window) {
            window.failures++;
        }
    }
}

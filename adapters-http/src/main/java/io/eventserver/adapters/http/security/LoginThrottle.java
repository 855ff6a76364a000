package io.eventserver.adapters.http.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed logins, per process (ADR 27, amended by ADR 42). Failures are counted per (client address, login), per
 * client address for logins that do not exist, and per login across all addresses. An attempt is refused — before
 * its password is checked, so right or wrong — when within the window:
 * <ul>
 *     <li>its address failed {@code maxFailures} times with its login, or</li>
 *     <li>its address failed {@code maxFailures} times with logins that do not exist (spraying logins), or</li>
 *     <li>its login failed {@code perLoginGlobal} times from all addresses together, and its address has failed
 *     with that login at least once (distributed guessing: then one guess per address).</li>
 * </ul>
 * So nobody can lock another's login or address: a login presenting its right password from an address that has
 * not failed is never refused. A success forgets the failures of its (address, login).
 * <p>
 * Windows are fixed, from a key's first failure. Every map is bounded, and so are its keys (a "login" longer than
 * any login can be counts as one); a map that overflows with live entries is emptied. Checking costs nothing while
 * no failure is counted, and two look-ups, without allocating, while some are.
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

    /** One client address: its failures with each login, and with logins that do not exist. */
    private static final class Address {
        final Map<String, Window> byLogin = new ConcurrentHashMap<>();
        volatile Window unknownLogins;
    }

    private final int maxFailures;
    private final int perLoginGlobal;
    private final long windowNanos;
    private final Map<String, Address> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Window> byLogin = new ConcurrentHashMap<>();
    /** Entries in all maps together, so that the fast path is one read. */
    private final AtomicInteger entries = new AtomicInteger();

    LoginThrottle(int maxFailures, int perLoginGlobal, Duration window) {
        this.maxFailures = maxFailures;
        this.perLoginGlobal = perLoginGlobal;
        this.windowNanos = window.toNanos();
    }

    /** Seconds until an attempt with this login from this address is heard again; 0: now. */
    long retryAfterSeconds(String login, String address) {
        if (maxFailures <= 0 || entries.get() == 0) {
            return 0;
        }
        long now = System.nanoTime();
        String key = key(login);
        Address from = byAddress.get(address);
        Window ofPair = from == null ? null : from.byLogin.get(key);
        long blocked = Math.max(blockedFor(ofPair, maxFailures, now),
                from == null ? 0 : blockedFor(from.unknownLogins, maxFailures, now));
        if (live(ofPair, now)) {
            blocked = Math.max(blocked, blockedFor(byLogin.get(key), perLoginGlobal, now));
        }
        return blocked;
    }

    /** @param knownLogin whether the login exists (its password was wrong) or not */
    void failed(String login, String address, boolean knownLogin) {
        if (maxFailures <= 0) {
            return;
        }
        long now = System.nanoTime();
        bound(now);
        Address from = byAddress.computeIfAbsent(address, ignored -> {
            entries.incrementAndGet();
            return new Address();
        });
        if (knownLogin) {
            String key = key(login);
            count(from.byLogin, key, now);
            count(byLogin, key, now);
        } else {
            synchronized (from) {
                if (!live(from.unknownLogins, now)) {
                    from.unknownLogins = new Window(now);
                }
                from.unknownLogins.failures++;
            }
        }
    }

    /** The right password: the failures of this (address, login) are forgotten. */
    void succeeded(String login, String address) {
        if (entries.get() == 0) {
            return;
        }
        Address from = byAddress.get(address);
        if (from != null && from.byLogin.remove(key(login)) != null) {
            entries.decrementAndGet();
        }
    }

    private static String key(String login) {
        return login.length() <= MAX_LOGIN_LENGTH ? login : NOT_A_LOGIN;
    }

    private boolean live(Window window, long now) {
        return window != null && now - window.startNanos <= windowNanos;
    }

    private long blockedFor(Window window, int limit, long now) {
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            long left = window.startNanos + windowNanos - now;
            if (left <= 0 || window.failures < limit) {
                return 0;
            }
            return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
        }
    }

    private void count(Map<String, Window> windows, String key, long now) {
        Window window = windows.compute(key, (ignored, current) -> {
            if (current == null) {
                entries.incrementAndGet();
            }
            return current == null || now - current.startNanos > windowNanos ? new Window(now) : current;
        });
        synchronized (window) {
            window.failures++;
        }
    }

    /** Drops expired entries when the maps are full, and everything when they are full of live ones. */
    private void bound(long now) {
        if (entries.get() < MAX_KEYS) {
            return;
        }
        byLogin.values().removeIf(window -> now - window.startNanos > windowNanos);
        byAddress.values().forEach(address -> address.byLogin.values()
                .removeIf(window -> now - window.startNanos > windowNanos));
        byAddress.values().removeIf(address -> address.byLogin.isEmpty() && !live(address.unknownLogins, now));
        int left = byLogin.size() + byAddress.size()
                + byAddress.values().stream().mapToInt(address -> address.byLogin.size()).sum();
        if (left >= MAX_KEYS) {
            byLogin.clear();
            byAddress.clear();
            left = 0;
        }
        entries.set(left);
    }
}

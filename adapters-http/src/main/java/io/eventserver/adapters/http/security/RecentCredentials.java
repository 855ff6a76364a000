package io.eventserver.adapters.http.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.eventserver.adapters.http.protocol.Digests;
import io.eventserver.domain.access.Login;

/**
 * Authorization header values that authenticated successfully in the last {@code ttl}, keyed by their SHA-256 so
 * that no credential is kept in memory as sent. Bounded: emptied when it holds {@code limit} entries. Entries of a
 * user are forgotten as soon as the user is changed or deleted by any process (ADR 28), so a changed password or a
 * deleted user stops working within a second; the time-to-live only bounds how long a forgotten notification
 * could matter.
 */
final class RecentCredentials {

    private record Entry(Caller caller, long expiresAtNanos) {
    }

    private final long ttlNanos;
    private final int limit;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Counts forgetting, so that a check that began before a change cannot remember its outdated result. */
    private final AtomicLong generation = new AtomicLong();

    RecentCredentials(Duration ttl, int limit) {
        this.ttlNanos = ttl.toNanos();
        this.limit = limit;
    }

    Caller get(String authorization) {
        Entry entry = entries.get(digest(authorization));
        if (entry == null || System.nanoTime() - entry.expiresAtNanos() > 0) {
            return null;
        }
        return entry.caller();
    }

    /** Take it before checking credentials, and hand it to {@link #put}. */
    long generation() {
        return generation.get();
    }

    /** Remembers the caller, unless something was forgotten since {@code checkedAt} (then the check may be stale). */
    void put(String authorization, Caller caller, long checkedAt) {
        if (entries.size() >= limit) {
            entries.clear();
        }
        String key = digest(authorization);
        entries.put(key, new Entry(caller, System.nanoTime() + ttlNanos));
        if (generation.get() != checkedAt) {
            entries.remove(key);
        }
    }

    /** Forgets every credential of {@code login}. */
    void forget(Login login) {
        generation.incrementAndGet();
        entries.values().removeIf(entry -> entry.caller().login().equals(login));
    }

    void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    private static String digest(String authorization) {
        return Digests.sha256Hex(authorization.getBytes(StandardCharsets.UTF_8));
    }
}

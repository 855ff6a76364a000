package io.eventserver.adapters.http.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.eventserver.domain.access.Login;

/**
 * Credentials that authenticated successfully in the last {@code ttl}, keyed by the SHA-256 of what was decoded
 * ({@link BasicCredentials#key}: every spelling of one credential is one entry, ADR 42), so that no credential is
 * kept in memory as sent. Bounded: emptied when it holds {@code limit} entries. Entries of a
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

    Caller get(String key) {
        Entry entry = entries.get(key);
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
    void put(String key, Caller caller, long checkedAt) {
        if (entries.size() >= limit) {
            entries.clear();
        }
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
}

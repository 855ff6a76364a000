package io.eventserver.adapters.http.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    void put(String authorization, Caller caller) {
        if (entries.size() >= limit) {
            entries.clear();
        }
        entries.put(digest(authorization), new Entry(caller, System.nanoTime() + ttlNanos));
    }

    /** Forgets every credential of {@code login}. */
    void forget(Login login) {
        entries.values().removeIf(entry -> entry.caller().login().equals(login));
    }

    void forgetAll() {
        entries.clear();
    }

    private static String digest(String authorization) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

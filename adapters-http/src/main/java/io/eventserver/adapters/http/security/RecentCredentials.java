package io.eventserver.adapters.http.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorization header values that authenticated successfully in the last {@code ttl}, keyed by their SHA-256 so
 * that no credential is kept in memory as sent. Bounded: emptied when it holds {@code limit} entries. A change of
 * users or passwords needs a restart anyway (they come from configuration), so a minute of memory is safe.
 */
public final class RecentCredentials {

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

    private static String digest(String authorization) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

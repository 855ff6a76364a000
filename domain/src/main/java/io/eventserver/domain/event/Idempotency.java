package io.eventserver.domain.event;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What makes a publish repeatable: its key and the fingerprint of its request (the SHA-256 of the body, in hex), so
 * that a retry is told apart from another request under the same key.
 */
public record Idempotency(IdempotencyKey key, String fingerprint) {

    private static final Pattern HEX_SHA_256 = Pattern.compile("[0-9a-f]{64}");

    public Idempotency {
        Objects.requireNonNull(key, "key");
        if (fingerprint == null || !HEX_SHA_256.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("fingerprint must be a SHA-256 in lower-case hex");
        }
    }
}

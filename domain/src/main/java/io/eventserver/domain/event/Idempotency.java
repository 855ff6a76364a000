package io.eventserver.domain.event;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What makes a publish repeatable: its key and the fingerprint of its request (the SHA-256 of the body, in hex), so
 * that a retry is told apart from another request under the same key. The rule that tells them apart is
 * {@link #replay}, the same for every storage engine.
 */
public record Idempotency(IdempotencyKey key, String fingerprint) {

    private static final Pattern HEX_SHA_256 = Pattern.compile("[0-9a-f]{64}");

    public Idempotency {
        Objects.requireNonNull(key, "key");
        if (fingerprint == null || !HEX_SHA_256.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("fingerprint must be a SHA-256 in lower-case hex");
        }
    }

    /**
     * The rule of a repeated key (ADR 32, ADR 55): this publish comes with the key {@code first} claimed before it.
     * With the same fingerprint it is a retry of {@code first}: it stores nothing and is answered with
     * {@code first}'s ids. With another fingerprint it is another request under the same key and is refused.
     *
     * @return the ids to answer: those of {@code first}, in their order
     * @throws IdempotencyKeyReused     when the fingerprints differ
     * @throws IllegalArgumentException when {@code first} holds another key
     */
    public List<EventId> replay(KeyedPublish first) {
        if (!first.idempotency().key().equals(key)) {
            throw new IllegalArgumentException("key " + first.idempotency().key() + " is not " + key);
        }
        if (!first.idempotency().fingerprint().equals(fingerprint)) {
            throw new IdempotencyKeyReused(key);
        }
        return first.ids();
    }

    /** What the key holds once this publish stored events with these ids under it. */
    public KeyedPublish storedAs(List<EventId> ids) {
        return new KeyedPublish(this, ids);
    }
}

package io.eventserver.domain.event;

/** A publish repeated an {@code Idempotency-Key} of its (stream, producer id) with a different body. */
public final class IdempotencyKeyReused extends RuntimeException {

    private final IdempotencyKey key;

    public IdempotencyKeyReused(IdempotencyKey key) {
        super("Idempotency-Key " + key + " was used with a different body", null, false, false);
        this.key = key;
    }

    public IdempotencyKey key() {
        return key;
    }
}

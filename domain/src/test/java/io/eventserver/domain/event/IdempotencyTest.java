package io.eventserver.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The rule of a repeated idempotency key, which every storage engine follows (ADR 55). */
class IdempotencyTest {

    private static final IdempotencyKey KEY = new IdempotencyKey("order-42");
    private static final List<EventId> STORED = List.of(EventId.generate(), EventId.generate());

    @Test
    void theSameKeyAndFingerprintIsARetryAnsweredWithTheFirstIds() {
        KeyedPublish first = new Idempotency(KEY, "a".repeat(64)).storedAs(STORED);

        assertEquals(STORED, new Idempotency(KEY, "a".repeat(64)).replay(first));
    }

    @Test
    void theSameKeyWithAnotherFingerprintIsRefused() {
        KeyedPublish first = new Idempotency(KEY, "a".repeat(64)).storedAs(STORED);

        IdempotencyKeyReused refused = assertThrows(IdempotencyKeyReused.class,
                () -> new Idempotency(KEY, "b".repeat(64)).replay(first));
        assertEquals(KEY, refused.key());
    }

    @Test
    void aPublishOfAnotherKeyIsNoRepeat() {
        KeyedPublish first = new Idempotency(new IdempotencyKey("other"), "a".repeat(64)).storedAs(STORED);

        assertThrows(IllegalArgumentException.class, () -> new Idempotency(KEY, "a".repeat(64)).replay(first));
    }

    @Test
    void aKeyHoldsTheIdsOfAtLeastOneEventInTheirOrder() {
        Idempotency idempotency = new Idempotency(KEY, "c".repeat(64));

        assertEquals(STORED, idempotency.storedAs(STORED).ids());
        assertThrows(IllegalArgumentException.class, () -> idempotency.storedAs(List.of()));
    }
}

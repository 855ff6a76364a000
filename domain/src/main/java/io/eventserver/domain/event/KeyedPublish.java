package io.eventserver.domain.event;

import java.util.List;
import java.util.Objects;

/**
 * What an idempotency key holds once a publish has claimed it: the key and fingerprint that publish came with, and
 * the ids of its events, in their order. Every engine keeps it in its own storage; what a later publish with the
 * same key gets is decided once, by {@link Idempotency#replay} (ADR 55).
 */
public record KeyedPublish(Idempotency idempotency, List<EventId> ids) {

    public KeyedPublish {
        Objects.requireNonNull(idempotency, "idempotency");
        ids = List.copyOf(ids);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("a keyed publish stored at least one event");
        }
    }
}

package io.eventserver.application.service;

import static io.eventserver.application.TestEvents.draft;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;

/**
 * What a service test stores before it runs the service and reads afterwards, through the ports of the in-memory
 * engine ({@code InMemoryStorage}): state, not calls.
 */
final class Stores {

    private Stores() {
    }

    /** Appends {@code count} events of {@code eventName}, claiming the stream for {@code owner} when it is new. */
    static List<RecordedEvent> append(EventStore store, StreamName name, ProducerId owner, String eventName,
                                      int count) {
        List<RecordedEvent> stored = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Stream stream = store.findStream(name).orElseGet(() -> Stream.claim(name, owner));
            stored.add(store.append(stream, stream.append(stream.owner(), draft(eventName))));
        }
        return stored;
    }

    /** When the stream's only cursor was last stored, as the operators' view of it tells. */
    static Instant acknowledgedAt(StreamCatalog catalog, StreamName stream) {
        List<ConsumerLag> lags = catalog.consumerLags(stream, Optional.empty(), 10);
        if (lags.size() != 1) {
            throw new AssertionError("one cursor expected: " + lags);
        }
        return lags.getFirst().acknowledgedAt();
    }

    /** The ids of the kind that belong to someone, each as {@code id=owner}, in id order. */
    static List<String> owned(IdOwnership ownership, IdKind kind) {
        return ownership.owners(kind, Optional.empty(), 100).stream()
                .map(owner -> owner.id() + "=" + owner.owner().value()).toList();
    }
}

package io.eventserver.adapters.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.StreamName;

/**
 * Where the events this process recently stored or handed out stand (ADR 38): a consumer acknowledges what it has
 * just read, so most acknowledgements are answered from here instead of a look-up by time in Kafka. Bounded; the
 * least recently used entries go first. A hit is exact: an event never moves.
 */
final class RecentPositions {

    static final int CAPACITY = 65_536;

    private record Position(StreamName stream, EventPosition position) {
    }

    private final Map<EventId, Position> positions = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<EventId, Position> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void remember(StreamName stream, Iterable<RecordedEvent> events) {
        for (RecordedEvent event : events) {
            positions.put(event.id(), new Position(stream, new EventPosition(event.name(), event.sequence())));
        }
    }

    synchronized Optional<EventPosition> find(StreamName stream, EventId id) {
        Position known = positions.get(id);
        return known != null && known.stream().equals(stream) ? Optional.of(known.position()) : Optional.empty();
    }

    /** Forgets the events of a deleted stream (ADR 62). */
    synchronized void forget(StreamName stream) {
        positions.values().removeIf(known -> known.stream().equals(stream));
    }
}

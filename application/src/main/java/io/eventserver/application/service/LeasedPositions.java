package io.eventserver.application.service;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.StreamName;

/**
 * Where the events that leased reads of this process handed out lie (ADR 70), so that their batch ACK — usually on
 * the same node, moments later — can go to the store's one step without looking the ids up first. Only a hint: the
 * one step checks every (sequence, event id) pair against the consumer's entries, and a request it declines is
 * resolved by the store's look-up as before. Bounded: when full it starts again empty.
 */
public final class LeasedPositions {

    private record Key(StreamName stream, EventId id) {
    }

    private final Map<Key, EventPosition> positions = new ConcurrentHashMap<>();
    private final int limit;

    /** @param limit how many positions are kept at most */
    public LeasedPositions(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        this.limit = limit;
    }

    void remember(StreamName stream, EventName name, Collection<RecordedEvent> events) {
        if (positions.size() + events.size() > limit) {
            positions.clear();
        }
        for (RecordedEvent event : events) {
            positions.put(new Key(stream, event.id()), new EventPosition(name, event.sequence()));
        }
    }

    /** The positions of all these events of the stream, in the given order; empty when one is not known here. */
    Optional<Map<EventId, EventPosition>> all(StreamName stream, Collection<EventId> events) {
        Map<EventId, EventPosition> found = new LinkedHashMap<>();
        for (EventId id : events) {
            EventPosition position = positions.get(new Key(stream, id));
            if (position == null) {
                return Optional.empty();
            }
            found.put(id, position);
        }
        return Optional.of(found);
    }

    void forget(StreamName stream, Collection<EventId> events) {
        for (EventId id : events) {
            positions.remove(new Key(stream, id));
        }
    }
}

package io.eventserver.domain.event;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.eventserver.domain.stream.Stream;

/**
 * What {@code Stream.append} decided for one publish: these events — at least one, each decided by {@code stream} —
 * go to its end together, in this order. Checked here, once, so that no storage engine checks it again (ADR 55).
 */
public record EventsAppended(Stream stream, List<EventAppended> events) {

    public EventsAppended {
        Objects.requireNonNull(stream, "stream");
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one event");
        }
        for (EventAppended event : events) {
            if (!event.stream().equals(stream.name())) {
                throw new IllegalArgumentException("an event of stream " + event.stream() + " cannot be stored in "
                        + stream.name());
            }
        }
    }

    /** The events' ids, in their order. */
    public List<EventId> ids() {
        return events.stream().map(EventAppended::id).toList();
    }

    /** The events' names, each once, in the order of its first event. */
    public Set<EventName> eventNames() {
        Set<EventName> names = new LinkedHashSet<>();
        events.forEach(event -> names.add(event.draft().name()));
        return names;
    }
}

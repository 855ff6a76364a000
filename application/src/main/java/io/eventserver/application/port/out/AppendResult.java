package io.eventserver.application.port.out;

import java.util.List;

import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.RecordedEvent;

/** What an append came to: the events it stored, or — for a repeated idempotency key — the ids stored before. */
public sealed interface AppendResult {

    /** The ids of the events, in the order they were appended. */
    List<EventId> ids();

    record Appended(List<RecordedEvent> events) implements AppendResult {
        public Appended {
            events = List.copyOf(events);
        }

        @Override
        public List<EventId> ids() {
            return events.stream().map(RecordedEvent::id).toList();
        }
    }

    record Replayed(List<EventId> ids) implements AppendResult {
        public Replayed {
            ids = List.copyOf(ids);
        }
    }
}

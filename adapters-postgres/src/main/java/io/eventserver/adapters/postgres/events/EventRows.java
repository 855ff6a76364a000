package io.eventserver.adapters.postgres.events;

import java.time.OffsetDateTime;

import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;

/**
 * The one place where a stored event's columns become a {@link RecordedEvent}: the append's returned row, a page of
 * a read, a look-up. Each statement reads the columns it has (some the caller already knows) and hands them here.
 */
final class EventRows {

    private EventRows() {
    }

    /** @param receivedAt {@code events.received_at}, a {@code timestamptz} */
    static RecordedEvent recorded(EventId id, EventName name, long sequence, OffsetDateTime receivedAt,
                                  EventDocument document) {
        return new RecordedEvent(id, name, new Sequence(sequence), receivedAt.toInstant(), document);
    }
}

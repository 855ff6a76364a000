package io.eventserver.adapters.postgres.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.event.TraceContext;

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
        return recorded(id, name, sequence, receivedAt, document, Optional.empty());
    }

    static RecordedEvent recorded(EventId id, EventName name, long sequence, OffsetDateTime receivedAt,
                                  EventDocument document, Optional<TraceContext> trace) {
        return new RecordedEvent(id, name, new Sequence(sequence), receivedAt.toInstant(), document, trace);
    }

    /**
     * The trace context of {@code events.traceparent} and {@code events.tracestate} at {@code column} and the next
     * (ADR 65): none when the publish had none.
     */
    static Optional<TraceContext> trace(ResultSet row, int column) throws SQLException {
        String traceparent = row.getString(column);
        return traceparent == null ? Optional.empty()
                : Optional.of(new TraceContext(traceparent, Optional.ofNullable(row.getString(column + 1))));
    }
}

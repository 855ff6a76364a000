package io.eventserver.domain.event;

import java.time.Instant;
import java.util.Objects;

/** An event as stored: its document plus what the server assigned (id, sequence, time of receipt). */
public record RecordedEvent(EventId id, EventName name, Sequence sequence, Instant receivedAt,
                            EventDocument document) {

    public RecordedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(document, "document");
    }

    /** Whether the event was redacted (ADR 63): its document keeps only its name and version. */
    public boolean redacted() {
        return Redaction.isRedacted(document);
    }
}

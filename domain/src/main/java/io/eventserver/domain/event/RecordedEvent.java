package io.eventserver.domain.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An event as stored: its document plus what the server assigned (id, sequence, time of receipt), and the trace
 * context its publish came with (ADR 65), when it had one.
 */
public record RecordedEvent(EventId id, EventName name, Sequence sequence, Instant receivedAt,
                            EventDocument document, Optional<TraceContext> trace) {

    public RecordedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(trace, "trace");
    }

    /** An event stored without trace context. */
    public RecordedEvent(EventId id, EventName name, Sequence sequence, Instant receivedAt, EventDocument document) {
        this(id, name, sequence, receivedAt, document, Optional.empty());
    }

    /** Whether the event was redacted (ADR 63): its document keeps only its name and version. */
    public boolean redacted() {
        return Redaction.isRedacted(document);
    }
}

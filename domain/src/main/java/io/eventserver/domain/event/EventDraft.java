package io.eventserver.domain.event;

import java.util.Objects;
import java.util.Optional;

/**
 * An event as a producer submits it, before the server gives it an id and a sequence: its document, and the trace
 * context of the request that carried it (ADR 65), when it had one.
 */
public record EventDraft(EventName name, EventVersion version, SystemInfo system, Trigger trigger,
                         EventDocument document, Optional<TraceContext> trace) {

    public EventDraft {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(trace, "trace");
    }

    /** A draft without trace context. */
    public EventDraft(EventName name, EventVersion version, SystemInfo system, Trigger trigger,
                      EventDocument document) {
        this(name, version, system, trigger, document, Optional.empty());
    }

    /** This draft, carried by a request with that trace context (or none). */
    public EventDraft traced(Optional<TraceContext> context) {
        return context.equals(trace) ? this : new EventDraft(name, version, system, trigger, document, context);
    }
}

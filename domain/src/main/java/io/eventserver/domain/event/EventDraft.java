package io.eventserver.domain.event;

import java.util.Objects;

/** An event as a producer submits it, before the server gives it an id and a sequence. */
public record EventDraft(EventName name, EventVersion version, SystemInfo system, Trigger trigger,
                         EventDocument document) {

    public EventDraft {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(document, "document");
    }
}

package io.eventserver.domain.event;

import java.util.Objects;

import io.eventserver.domain.stream.StreamName;

/** What {@code Stream.append} decided: this event, with this id, goes to the end of this stream. */
public record EventAppended(StreamName stream, EventId id, EventDraft draft) {

    public EventAppended {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(draft, "draft");
    }
}

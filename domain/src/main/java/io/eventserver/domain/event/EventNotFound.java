package io.eventserver.domain.event;

import io.eventserver.domain.stream.StreamName;

/** The stream has no event with this id (it may exist in another stream). */
public final class EventNotFound extends RuntimeException {

    public EventNotFound(StreamName stream, EventId id) {
        super("event " + id + " not found in stream " + stream, null, false, false);
    }
}

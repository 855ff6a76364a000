package io.eventserver.domain.event;

import io.eventserver.domain.stream.StreamName;

/** The stream has no events of this name. */
public final class EventNameNotFound extends RuntimeException {

    public EventNameNotFound(StreamName stream, EventName name) {
        super("no events named " + name + " in stream " + stream, null, false, false);
    }
}

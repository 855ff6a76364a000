package io.eventserver.domain.schema;

import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;

/** The event name has no schema of this version in the stream. */
public final class SchemaNotFound extends RuntimeException {

    public SchemaNotFound(EventName name, EventVersion version) {
        super("no schema " + name.value() + " version " + version.value(), null, false, false);
    }
}

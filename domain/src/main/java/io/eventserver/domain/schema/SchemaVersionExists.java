package io.eventserver.domain.schema;

import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;

/** A schema version is immutable: another document for a version that is stored is refused. */
public final class SchemaVersionExists extends RuntimeException {

    public SchemaVersionExists(EventName name, EventVersion version) {
        super("schema " + name.value() + " version " + version.value() + " exists; register a new version", null,
                false, false);
    }
}

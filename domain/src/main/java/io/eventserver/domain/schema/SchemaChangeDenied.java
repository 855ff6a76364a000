package io.eventserver.domain.schema;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.stream.StreamName;

/** Only an admin or the user that owns a stream's producer id registers its schemas. */
public final class SchemaChangeDenied extends RuntimeException {

    public SchemaChangeDenied(Login user, StreamName stream) {
        super("user " + user.value() + " may not register schemas of stream " + stream.value()
                + " (an admin or the owner of its producer id may)", null, false, false);
    }
}

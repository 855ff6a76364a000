package io.eventserver.domain.retention;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.stream.StreamName;

/** Only an admin, or the user that owns the stream's producer id, may change a stream's retention. */
public final class RetentionChangeDenied extends RuntimeException {

    public RetentionChangeDenied(Login user, StreamName stream) {
        super("user " + user.value() + " may not change the retention of stream " + stream.value()
                + ": only an admin or the owner of its producer id may", null, false, false);
    }
}

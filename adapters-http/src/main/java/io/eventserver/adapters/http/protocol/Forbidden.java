package io.eventserver.adapters.http.protocol;

/** Authenticated, but without the role the route requires. Answered with 403. */
public final class Forbidden extends RuntimeException {

    public Forbidden(String message) {
        super(message, null, false, false);
    }
}

package io.eventserver.adapters.http;

/** Authenticated, but without the role the route requires. Answered with 403. */
final class Forbidden extends RuntimeException {

    Forbidden(String message) {
        super(message, null, false, false);
    }
}

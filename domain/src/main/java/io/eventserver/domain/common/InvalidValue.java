package io.eventserver.domain.common;

/**
 * A value object refused the value it was given. The message says what is wrong in words a client can act on;
 * it never contains more of the offending value than the client sent.
 */
public final class InvalidValue extends RuntimeException {

    public InvalidValue(String message) {
        super(message, null, false, false);
    }
}

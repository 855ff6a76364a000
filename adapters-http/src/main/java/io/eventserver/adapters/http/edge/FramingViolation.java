package io.eventserver.adapters.http.edge;

/**
 * A request head that is refused before Helidon reads it: the status to answer and the message after the
 * reference prefix. The connection is closed after the answer, since where the request ends is not known.
 */
final class FramingViolation extends RuntimeException {

    private final int status;

    private FramingViolation(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static FramingViolation badRequest(String message) {
        return new FramingViolation(400, message);
    }

    static FramingViolation headTooLarge(int limit) {
        return new FramingViolation(431, "the request head must be at most " + limit + " bytes");
    }

    /** A transfer coding other than chunked (RFC 9112 §6.1: 501). Only a token is echoed, never other text. */
    static FramingViolation notImplemented(String coding) {
        boolean token = !coding.isEmpty() && coding.length() <= 40
                && coding.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~!#$&'*+^`|".indexOf(c) >= 0);
        return new FramingViolation(501, "transfer coding " + (token ? coding : "(unreadable)") + " is not supported");
    }

    int status() {
        return status;
    }
}

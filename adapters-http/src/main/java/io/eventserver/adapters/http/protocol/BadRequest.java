package io.eventserver.adapters.http.protocol;

/** The request is malformed at the HTTP level (headers, content type, body syntax). Answered with 400. */
public final class BadRequest extends RuntimeException {

    private final boolean closeConnection;

    public BadRequest(String message) {
        this(message, false);
    }

    /** @param closeConnection where the body ends is unknown (a malformed chunk): nothing more can be read */
    public BadRequest(String message, boolean closeConnection) {
        super(message, null, false, false);
        this.closeConnection = closeConnection;
    }

    public boolean closeConnection() {
        return closeConnection;
    }
}

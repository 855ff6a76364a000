package io.eventserver.adapters.http.protocol;

/** The request body is larger than the configured limit. Answered with 413. */
public final class PayloadTooLarge extends RuntimeException {

    private final int limit;
    private final boolean closeConnection;

    /** @param closeConnection the rest of the body was not read, so the connection cannot be reused */
    public PayloadTooLarge(int limit, boolean closeConnection) {
        super("request body larger than " + limit + " bytes", null, false, false);
        this.limit = limit;
        this.closeConnection = closeConnection;
    }

    public int limit() {
        return limit;
    }

    public boolean closeConnection() {
        return closeConnection;
    }
}

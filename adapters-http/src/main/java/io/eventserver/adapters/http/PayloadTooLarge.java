package io.eventserver.adapters.http;

/** The request body is larger than the configured limit. Answered with 413. */
final class PayloadTooLarge extends RuntimeException {

    private final int limit;

    PayloadTooLarge(int limit) {
        super("request body larger than " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    int limit() {
        return limit;
    }
}

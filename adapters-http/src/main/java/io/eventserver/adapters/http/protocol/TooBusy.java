package io.eventserver.adapters.http.protocol;

/**
 * The server will not take this request now (too many large batches at once, too many waiting consumers); nothing
 * was done. Answered with 503 and {@code Retry-After}.
 */
public final class TooBusy extends RuntimeException {

    private final int retryAfterSeconds;

    public TooBusy(String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

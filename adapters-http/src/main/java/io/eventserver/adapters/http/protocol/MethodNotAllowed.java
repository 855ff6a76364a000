package io.eventserver.adapters.http.protocol;

import io.helidon.webserver.http.Handler;

/** The path exists but not for this method. Answered with 405 and an {@code Allow} header. */
public final class MethodNotAllowed extends RuntimeException {

    private final String allowed;

    MethodNotAllowed(String allowed) {
        super("method not allowed; allowed: " + allowed, null, false, false);
        this.allowed = allowed;
    }

    public String allowed() {
        return allowed;
    }

    /** A route handler that answers 405 for every method that reaches it. */
    public static Handler handler(String allowed) {
        return (req, res) -> {
            throw new MethodNotAllowed(allowed);
        };
    }
}

package io.eventserver.adapters.http;

/** The path exists but not for this method. Answered with 405 and an {@code Allow} header. */
final class MethodNotAllowed extends RuntimeException {

    private final String allowed;

    MethodNotAllowed(String allowed) {
        super("method not allowed; allowed: " + allowed, null, false, false);
        this.allowed = allowed;
    }

    String allowed() {
        return allowed;
    }
}

package io.eventserver.adapters.http.errors;

/** The request is malformed at the HTTP level (headers, content type, body syntax). Answered with 400. */
public final class BadRequest extends RuntimeException {

    public BadRequest(String message) {
        super(message, null, false, false);
    }
}

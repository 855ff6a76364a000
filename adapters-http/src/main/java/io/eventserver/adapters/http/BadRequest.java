package io.eventserver.adapters.http;

/** The request is malformed at the HTTP level (headers, content type, body syntax). Answered with 400. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message, null, false, false);
    }
}

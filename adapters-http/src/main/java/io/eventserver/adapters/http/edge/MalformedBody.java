package io.eventserver.adapters.http.edge;

/**
 * A chunked request body that breaks RFC 9112 §7.1 (bad chunk size, data longer than declared, a line without
 * CRLF). Thrown while the request's handler reads the body; answered 400 and the connection is closed, since the
 * rest of the body cannot be told from a next request.
 */
public final class MalformedBody extends RuntimeException {

    MalformedBody(String message) {
        super(message, null, false, false);
    }
}

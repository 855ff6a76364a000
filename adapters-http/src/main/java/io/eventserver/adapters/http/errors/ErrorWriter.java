package io.eventserver.adapters.http.errors;

import java.nio.charset.StandardCharsets;

import io.eventserver.adapters.http.protocol.JsonResponses;
import io.helidon.http.DirectHandler.TransportResponse;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * Writes every error answer of the server, wherever it is decided: a status and a JSON string body that starts
 * with the reference prefix ({@code "Bad Request - …"}), {@code Content-Type: application/json; charset=utf-8},
 * {@code Cache-Control: no-store}, and {@code Retry-After} when the client may simply try again. Three forms of
 * the same answer: on a routed response (filters, routes, {@link ErrorResponses}), as a {@link TransportResponse}
 * for Helidon's direct handlers (requests refused before routing), and as the bytes of a complete HTTP/1.1 answer
 * for the one case where no Helidon response exists (the edge's 408, written while the connection's own thread
 * waits for bytes).
 */
public final class ErrorWriter {

    private ErrorWriter() {
    }

    /** Answers {@code text} (the whole body text, prefix included) with {@code status}. */
    public static void send(ServerResponse res, Status status, String text) {
        JsonResponses.sendString(res, status, text);
    }

    /** As {@link #send(ServerResponse, Status, String)}, telling the client to try again after that many seconds. */
    public static void send(ServerResponse res, Status status, String text, long retryAfterSeconds) {
        res.header(HeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
        send(res, status, text);
    }

    /** The same answer for a direct handler; a 503 carries {@code Retry-After: 1}. */
    public static TransportResponse direct(Status status, ServerResponseHeaders headers, String text) {
        headers.set(HeaderNames.CONTENT_TYPE, JsonResponses.CONTENT_TYPE);
        headers.set(HeaderNames.CACHE_CONTROL, "no-store");
        if (status.code() == Status.SERVICE_UNAVAILABLE_503.code()) {
            headers.set(HeaderNames.RETRY_AFTER, "1");
        }
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(JsonResponses.quote(text).getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** The same answer as a complete HTTP/1.1 message that closes its connection. */
    public static byte[] http1(Status status, String text) {
        byte[] body = JsonResponses.quote(text).getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n"
                + "Content-Type: " + JsonResponses.CONTENT_TYPE + "\r\n"
                + "Cache-Control: no-store\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }
}

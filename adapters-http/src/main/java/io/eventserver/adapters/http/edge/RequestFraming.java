package io.eventserver.adapters.http.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.helidon.common.uri.UriValidator;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

/**
 * Decides where each request ends (RFC 9112 §6), on the head Helidon has just parsed and before it is routed
 * (ADR 18, 50): {@code Content-Length} with {@code Transfer-Encoding}, a {@code Content-Length} that is not 1–18
 * digits or two that differ → 400 (identical ones become one); a transfer coding other than one {@code chunked}
 * → 501 or 400. A refusal is thrown as Helidon's {@code RequestException}, which Helidon answers through the
 * direct handlers and closes, so nothing of the request is routed. An HTTP/1.0 request (served as HTTP/1.1 by
 * {@link EdgeConnection}) gets {@code Connection: close}; an HTTP/1.1 request needs one {@code Host}.
 */
final class RequestFraming implements Http1ConnectionListener {

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        if (ctx instanceof EdgeConnection connection) {
            frame(connection, (WritableHeaders<?>) headers);
        }
    }

    private static void frame(EdgeConnection connection, WritableHeaders<?> headers) {
        List<String> lengths = elements(headers, HeaderNames.CONTENT_LENGTH);
        List<String> codings = elements(headers, HeaderNames.TRANSFER_ENCODING);
        List<String> hosts = headers.all(HeaderNames.HOST, List::of);
        if (hosts.size() > 1 || hosts.isEmpty() && !connection.http10()
                || !hosts.isEmpty() && !validHost(hosts.getFirst())) {
            // RFC 9112 §3.2, checked and answered as Helidon does; its own check would refuse HTTP/1.0 without Host
            throw connection.refuse(Status.BAD_REQUEST_400, "malformed HTTP request");
        }
        if (lengths != null && codings != null) {
            throw connection.refuse(Status.BAD_REQUEST_400,
                    "Content-Length and Transfer-Encoding must not both be present");
        }
        long length = -1;
        for (String value : lengths == null ? List.<String>of() : lengths) {
            if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw connection.refuse(Status.BAD_REQUEST_400, "Content-Length must be a non-negative integer");
            }
            if (length >= 0 && length != Long.parseLong(value)) {
                throw connection.refuse(Status.BAD_REQUEST_400, "conflicting Content-Length values");
            }
            length = Long.parseLong(value);
        }
        if (lengths != null && lengths.size() > 1) {
            headers.set(HeaderNames.CONTENT_LENGTH, Long.toString(length));
        }
        if (codings != null) {
            if (connection.http10()) {
                throw connection.refuse(Status.BAD_REQUEST_400,
                        "Transfer-Encoding is not allowed in an HTTP/1.0 request");
            }
            for (String coding : codings) {
                if (!coding.equals("chunked")) {
                    throw connection.refuse(Status.NOT_IMPLEMENTED_501,
                            "transfer coding " + token(coding) + " is not supported");
                }
            }
            if (codings.size() != 1) {
                throw connection.refuse(Status.BAD_REQUEST_400, "Transfer-Encoding must be chunked, given once");
            }
            headers.set(HeaderNames.TRANSFER_ENCODING, "chunked");
        }
        List<String> options = elements(headers, HeaderNames.CONNECTION);
        if (connection.http10()) {
            headers.set(HeaderValues.CONNECTION_CLOSE);
        }
        connection.headParsed(length, codings != null, options != null && options.contains("close"));
    }

    /** The elements of a comma-separated header (RFC 9110 §5.6.1), lower case; null when the header is absent. */
    private static List<String> elements(Headers headers, HeaderName name) {
        if (!headers.contains(name)) {
            return null;
        }
        List<String> elements = new ArrayList<>();
        for (String value : headers.all(name, List::of)) {
            for (String element : value.split(",", -1)) {
                if (!element.isBlank()) {
                    elements.add(element.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return elements.isEmpty() ? List.of("") : elements;
    }

    /** A host name or IP literal, with an optional numeric port. */
    private static boolean validHost(String host) {
        int colon = host.lastIndexOf(':');
        boolean port = colon > host.lastIndexOf(']');
        try {
            if (port) {
                Integer.parseInt(host.substring(colon + 1));
            }
            String name = port ? host.substring(0, colon) : host;
            UriValidator.validateHost(name);
            return !name.isBlank();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Only a token is echoed, never other text. */
    private static String token(String coding) {
        boolean token = !coding.isEmpty() && coding.length() <= 40 && coding.chars()
                .allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~!#$&'*+^`|".indexOf(c) >= 0);
        return token ? coding : "(unreadable)";
    }
}

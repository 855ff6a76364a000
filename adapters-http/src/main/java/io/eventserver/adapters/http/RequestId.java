package io.eventserver.adapters.http;

import java.util.UUID;
import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * The id of one request: the client's {@code X-Request-ID} when it is a sensible token, otherwise a new UUID. It is
 * echoed in the response header, written in the access log line, and is the incident id of a 500.
 */
record RequestId(String value) {

    static final HeaderName HEADER = HeaderNames.create("X-Request-ID");
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    static RequestId of(ServerRequest req) {
        return req.headers().first(HEADER)
                .filter(value -> ACCEPTED.matcher(value).matches())
                .map(RequestId::new)
                .orElseGet(() -> new RequestId(UUID.randomUUID().toString()));
    }

    /** The id registered for this request by the access log filter (a new one outside of it). */
    static RequestId current(ServerRequest req) {
        return req.context().get(RequestId.class).orElseGet(() -> new RequestId(UUID.randomUUID().toString()));
    }
}

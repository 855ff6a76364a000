package io.eventserver.adapters.http.protocol;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * The id of one request: the client's {@code X-Request-ID} when it is a sensible token, otherwise a new UUID. It is
 * echoed in the response header, written in the access log line, and is the incident id of a 500.
 */
public record RequestId(String value) {

    public static final HeaderName HEADER = HeaderNames.create("X-Request-ID");
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public static RequestId of(ServerRequest req) {
        return req.headers().first(HEADER)
                .filter(value -> ACCEPTED.matcher(value).matches())
                .map(RequestId::new)
                .orElseGet(RequestId::random);
    }

    /** The id registered for this request by the access log filter (a new one outside of it). */
    public static RequestId current(ServerRequest req) {
        return req.context().get(RequestId.class).orElseGet(RequestId::random);
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id must be unique, not unpredictable, and
     * {@link UUID#randomUUID()}'s shared {@code SecureRandom} is a lock and a system call on every request.
     */
    static RequestId random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new RequestId(new UUID(most, least).toString());
    }
}

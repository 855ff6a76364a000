package io.eventserver.adapters.http.protocol;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Every response body of the API is JSON, sent with this one content type. */
public final class JsonResponses {

    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    /** The two headers of every JSON answer, made once: Helidon writes a cached header's bytes as they are. */
    private static final Header CONTENT_TYPE_HEADER = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
    private static final Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");

    private JsonResponses() {
    }

    /** Sends {@code text} as a JSON string, e.g. {@code "OK"}. */
    public static void sendString(ServerResponse res, Status status, String text) {
        sendJson(res, status, quote(text));
    }

    /** Sends a body that is already JSON text. */
    public static void sendJson(ServerResponse res, Status status, String json) {
        sendJson(res, status, json.getBytes(StandardCharsets.UTF_8));
    }

    /** @param json UTF-8 JSON text, sent as it is (not copied: the caller must not change it) */
    public static void sendJson(ServerResponse res, Status status, byte[] json) {
        res.status(status);
        res.header(CONTENT_TYPE_HEADER);
        res.header(NO_STORE);
        res.send(json);
    }

    public static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}

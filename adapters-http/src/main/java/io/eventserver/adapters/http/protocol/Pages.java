package io.eventserver.adapters.http.protocol;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Lists that come in pages (issue 29: no answer grows without a bound set by a setting): {@code limit} with a
 * default, and — for the lists that were JSON arrays before they were paged, and stay arrays — the next page named by
 * a {@code Link: <…?after=…&limit=…>; rel="next"} header (RFC 8288).
 */
public final class Pages {

    /** The page size of a list when {@code limit} is not given. */
    public static final int DEFAULT_LIMIT = 100;

    private static final HeaderName LINK = HeaderNames.create("Link");

    private Pages() {
    }

    /** The {@code limit} query parameter, or {@link #DEFAULT_LIMIT}; its range is the use case's to check. */
    public static int limit(ServerRequest req) {
        return req.query().contains("limit") ? Requests.integerQueryParameter(req, "limit") : DEFAULT_LIMIT;
    }

    /** Names the next page, which starts after {@code after}, in a {@code Link} header. */
    public static void linkNext(ServerRequest req, ServerResponse res, String after, int limit) {
        res.header(LINK, "<" + req.path().absolute().rawPath() + "?after="
                + URLEncoder.encode(after, StandardCharsets.UTF_8).replace("+", "%20") + "&limit=" + limit
                + ">; rel=\"next\"");
    }
}

package io.eventserver.adapters.http;

import java.util.regex.Pattern;

/**
 * The one place that says which paths need no credentials. Every other path, including every route added later,
 * requires HTTP Basic authentication; that is checked before anything else about the request.
 */
final class RouteAccess {

    /** Health, for load balancers and orchestrators: {@code /observe/health} and its named checks. */
    private static final Pattern PUBLIC = Pattern.compile("/observe/health(/[A-Za-z0-9_-]+)?");

    private RouteAccess() {
    }

    static boolean isPublic(String path) {
        return PUBLIC.matcher(path).matches();
    }
}

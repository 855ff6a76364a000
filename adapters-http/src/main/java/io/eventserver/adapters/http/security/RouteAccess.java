package io.eventserver.adapters.http.security;

import java.util.regex.Pattern;

import io.eventserver.adapters.http.protocol.Forbidden;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.access.Permissions;
import io.eventserver.domain.access.StreamAccessDenied;
import io.helidon.webserver.http.ServerRequest;

/**
 * The one place that says who may reach what. Public paths need no credentials; every other path, including every
 * route added later, requires HTTP Basic authentication, checked before anything else about the request. Then each
 * route checks, before it validates anything, the caller's grants on the stream it names or the {@value
 * Permissions#ADMIN} role (operator changes, user management).
 */
public final class RouteAccess {

    /**
     * Health, for load balancers and orchestrators ({@code /observe/health} and its named checks such as
     * {@code live} and {@code ready}), the OpenAPI description of the API, and the web console's static files
     * (they hold no data; the console signs in for every API call it makes).
     */
    private static final Pattern PUBLIC =
            Pattern.compile("/observe/health(/[A-Za-z0-9_-]+)?|/openapi|/console(/[A-Za-z0-9._/-]*)?");

    private RouteAccess() {
    }

    public static boolean isPublic(String path) {
        // the API's paths, nearly every request, are never public: no regular expression for them
        return !path.startsWith("/api/") && PUBLIC.matcher(path).matches();
    }

    /**
     * Whether the caller may not reach {@code path} at all, whatever it asks there: everything under
     * {@code /observe} that is not public (the metrics, which name every team's streams, consumers and logins)
     * needs the {@value Permissions#ADMIN} or the {@value Permissions#METRICS} role. One comparison for an API path.
     */
    static boolean forbidden(String path, Caller caller) {
        return path.startsWith("/observe") && !caller.permissions().mayReadMetrics();
    }

    /** The answer to a request that {@link #forbidden} refuses. */
    static final String METRICS_ROLE_REQUIRED = "Forbidden - the " + Permissions.ADMIN + " or "
            + Permissions.METRICS + " role is required";

    /** The authenticated user's name ("anonymous" on public paths). */
    public static String principal(ServerRequest req) {
        return req.context().get(Caller.class).map(Caller::name).orElse("anonymous");
    }

    /** The authenticated caller; every non-public route has one. */
    public static Caller caller(ServerRequest req) {
        return req.context().get(Caller.class)
                .orElseThrow(() -> new IllegalStateException("no authenticated caller on " + req.path().path()));
    }

    /**
     * @param stream the stream name as the path gave it, before it is validated
     * @throws StreamAccessDenied unless the caller's grants allow {@code action} on {@code stream}
     */
    public static Caller require(ServerRequest req, Action action, String stream) {
        Caller caller = caller(req);
        if (!caller.permissions().allows(action, stream)) {
            throw new StreamAccessDenied(caller.login(), action, stream);
        }
        return caller;
    }

    /** @throws StreamAccessDenied unless the caller may publish to or consume the stream, or is an admin */
    public static Caller requireVisible(ServerRequest req, String stream) {
        Caller caller = caller(req);
        if (!caller.permissions().maySee(stream)) {
            throw new StreamAccessDenied(caller.login(), Action.CONSUME, stream);
        }
        return caller;
    }

    /** @throws Forbidden unless the authenticated user has the admin role */
    public static Caller requireAdmin(ServerRequest req) {
        Caller caller = caller(req);
        if (!caller.permissions().isAdmin()) {
            throw new Forbidden("the " + Permissions.ADMIN + " role is required");
        }
        return caller;
    }
}

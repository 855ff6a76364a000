package io.eventserver.adapters.http.security;

import java.util.regex.Pattern;

import io.eventserver.adapters.http.errors.Forbidden;
import io.helidon.webserver.http.ServerRequest;

/**
 * The one place that says who may reach what. Public paths need no credentials; every other path, including every
 * route added later, requires HTTP Basic authentication, checked before anything else about the request. Routes
 * that change other clients' state additionally require the {@value #ADMIN} role.
 */
public final class RouteAccess {

    /** The role of operators: may reset consumer offsets. */
    static final String ADMIN = "admin";

    /**
     * Health, for load balancers and orchestrators ({@code /observe/health} and its named checks such as
     * {@code live} and {@code ready}), and the OpenAPI description of the API.
     */
    private static final Pattern PUBLIC = Pattern.compile("/observe/health(/[A-Za-z0-9_-]+)?|/openapi");

    private RouteAccess() {
    }

    public static boolean isPublic(String path) {
        return PUBLIC.matcher(path).matches();
    }

    /** The authenticated user's name ("anonymous" on public paths). */
    public static String principal(ServerRequest req) {
        return req.context().get(Caller.class).map(Caller::name).orElse("anonymous");
    }

    /** @throws Forbidden unless the authenticated user has the admin role */
    public static String requireAdmin(ServerRequest req) {
        Caller caller = req.context().get(Caller.class).filter(c -> c.hasRole(ADMIN))
                .orElseThrow(() -> new Forbidden("the " + ADMIN + " role is required"));
        return caller.name();
    }
}

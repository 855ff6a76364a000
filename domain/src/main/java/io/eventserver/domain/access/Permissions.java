package io.eventserver.domain.access;

import java.util.List;
import java.util.Set;

/**
 * What a user may do: its roles ({@value #ADMIN} for operator routes, user management and the metrics;
 * {@value #METRICS} for the metrics only, e.g. a Prometheus scrape user) and its grants on streams. Producer and
 * consumer ids are a separate matter: they belong to whoever claimed them ({@link IdBelongsToAnotherUser}).
 */
public record Permissions(Set<String> roles, List<Grant> grants) {

    public static final String ADMIN = "admin";
    public static final String METRICS = "metrics";
    /** Every role there is; a user with any other is refused. */
    public static final Set<String> ROLES = Set.of(ADMIN, METRICS);

    public Permissions {
        roles = Set.copyOf(roles);
        grants = List.copyOf(grants);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    /** May read the metrics, which name every team's streams, consumers and logins: admins and the metrics role. */
    public boolean mayReadMetrics() {
        return isAdmin() || roles.contains(METRICS);
    }

    public boolean allows(Action action, String streamName) {
        for (Grant grant : grants) {
            if (grant.allows(action, streamName)) {
                return true;
            }
        }
        return false;
    }

    /** May see the stream in listings and details: may publish to it or consume it, or is an admin. */
    public boolean maySee(String streamName) {
        return isAdmin() || allows(Action.CONSUME, streamName) || allows(Action.PUBLISH, streamName);
    }
}

package io.eventserver.domain.access;

import java.util.List;
import java.util.Set;

/**
 * What a user may do: its roles ({@value #ADMIN} for operator routes and user management) and its grants on
 * streams. Producer and consumer ids are a separate matter: they belong to whoever claimed them
 * ({@link IdBelongsToAnotherUser}).
 */
public record Permissions(Set<String> roles, List<Grant> grants) {

    public static final String ADMIN = "admin";

    public Permissions {
        roles = Set.copyOf(roles);
        grants = List.copyOf(grants);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
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

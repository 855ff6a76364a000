package io.eventserver.domain.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.eventserver.domain.common.InvalidValue;

/**
 * A user as stored: its login, the hash of its password (PHC string form, never the password), its roles and its
 * grants. Empty {@code grants} means none were given: the server's default grants apply.
 */
public record UserAccount(Login login, String passwordHash, Set<String> roles, Optional<List<Grant>> grants) {

    public UserAccount {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(passwordHash, "passwordHash");
        roles = Set.copyOf(roles);
        for (String role : roles) {
            if (!Permissions.ROLES.contains(role)) {
                throw new InvalidValue("roles must hold only " + Permissions.ADMIN + " and " + Permissions.METRICS);
            }
        }
        grants = grants.map(List::copyOf);
    }

    /** Its permissions, with {@code defaults} as grants when it has none of its own. */
    public Permissions permissions(List<Grant> defaults) {
        return new Permissions(roles, grants.orElse(defaults));
    }

    @Override
    public String toString() {
        // never the hash
        return "UserAccount[" + login + ", roles=" + roles + ", grants=" + grants + "]";
    }
}

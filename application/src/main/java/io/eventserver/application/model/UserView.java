package io.eventserver.application.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.Login;

/**
 * A user as admins see it: never its password or hash.
 *
 * @param grants   empty when the user has none of its own (the server's default grants apply)
 * @param readOnly true for a user from the configuration, which the API cannot change
 */
public record UserView(Login login, Set<String> roles, Optional<List<Grant>> grants, boolean readOnly) {

    public UserView {
        Objects.requireNonNull(login, "login");
        roles = Set.copyOf(roles);
        grants = grants.map(List::copyOf);
    }
}

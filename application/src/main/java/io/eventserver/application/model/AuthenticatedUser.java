package io.eventserver.application.model;

import java.util.Objects;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.Permissions;

/** A user whose password was checked, with what it may do. */
public record AuthenticatedUser(Login login, Permissions permissions) {

    public AuthenticatedUser {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(permissions, "permissions");
    }
}

package io.eventserver.adapters.http.security;

import java.util.Objects;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.Permissions;

/** Who sent the request, once authenticated: the login and what it may do. Registered in the request context. */
public record Caller(Login login, Permissions permissions) {

    public Caller {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(permissions, "permissions");
    }

    public String name() {
        return login.value();
    }
}

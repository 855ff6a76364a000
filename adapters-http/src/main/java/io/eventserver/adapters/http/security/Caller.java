package io.eventserver.adapters.http.security;

import java.util.Set;

/** Who sent the request, once authenticated: the login and its roles. Registered in the request context. */
public record Caller(String name, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}

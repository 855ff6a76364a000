package io.eventserver.adapters.http;

import java.util.Set;

/** Who sent the request, once authenticated: the login and its roles. Registered in the request context. */
record Caller(String name, Set<String> roles) {

    Caller {
        roles = Set.copyOf(roles);
    }

    boolean hasRole(String role) {
        return roles.contains(role);
    }
}

package io.eventserver.domain.access;

import io.eventserver.domain.common.Text;

/** A user's login: 1–255 characters of {@code [A-Za-z0-9._:@-]}, the same rule as producer and consumer ids. */
public record Login(String value) {

    public Login {
        Text.requireIdentifier(value, "login");
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.eventserver.domain.access;

import java.util.regex.Pattern;

import io.eventserver.domain.common.Text;

/** A user's login: 1–255 characters of {@code [A-Za-z0-9._:@-]}, the same rule as producer and consumer ids. */
public record Login(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@-]{1,255}");

    public Login {
        Text.requireMatch(value, "login", VALID, "1-255 characters of [A-Za-z0-9._:@-]");
    }

    @Override
    public String toString() {
        return value;
    }
}

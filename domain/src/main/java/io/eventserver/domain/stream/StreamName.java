package io.eventserver.domain.stream;

import java.util.regex.Pattern;

import io.eventserver.domain.common.Text;

/** The name of a stream: 1–255 characters of {@code [A-Za-z0-9._-]}, starting with a letter or digit. */
public record StreamName(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

    public StreamName {
        Text.requireMatch(value, "stream name", VALID,
                "1-255 characters of [A-Za-z0-9._-], starting with a letter or digit");
    }

    @Override
    public String toString() {
        return value;
    }
}

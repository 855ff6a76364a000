package io.eventserver.domain.stream;

import java.util.regex.Pattern;

import io.eventserver.domain.common.Text;

/** Who publishes: the value of {@code X-Producer-ID}, 1–255 characters of {@code [A-Za-z0-9._:@-]}. */
public record ProducerId(String value) {

    static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@-]{1,255}");

    public ProducerId {
        Text.requireMatch(value, "X-Producer-ID", VALID, "1-255 characters of [A-Za-z0-9._:@-]");
    }

    @Override
    public String toString() {
        return value;
    }
}

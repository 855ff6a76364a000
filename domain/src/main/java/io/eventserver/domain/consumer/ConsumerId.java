package io.eventserver.domain.consumer;

import java.util.regex.Pattern;

import io.eventserver.domain.common.Text;

/** Who consumes: the value of {@code X-Consumer-ID}, 1–255 characters of {@code [A-Za-z0-9._:@-]}. */
public record ConsumerId(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@-]{1,255}");

    public ConsumerId {
        Text.requireMatch(value, "X-Consumer-ID", VALID, "1-255 characters of [A-Za-z0-9._:@-]");
    }

    @Override
    public String toString() {
        return value;
    }
}

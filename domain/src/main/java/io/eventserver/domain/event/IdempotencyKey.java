package io.eventserver.domain.event;

import java.util.regex.Pattern;

import io.eventserver.domain.common.Text;

/**
 * The {@code Idempotency-Key} of a publish: 1–255 printable ASCII characters (0x21–0x7E). Scoped by (stream,
 * producer id): the same key elsewhere is another key.
 */
public record IdempotencyKey(String value) {

    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,255}");

    public IdempotencyKey {
        Text.requireMatch(value, "Idempotency-Key", VALID, "1-255 printable ASCII characters (0x21-0x7E)");
    }

    @Override
    public String toString() {
        return value;
    }
}

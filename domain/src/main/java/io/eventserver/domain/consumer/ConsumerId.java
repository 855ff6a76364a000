package io.eventserver.domain.consumer;

import io.eventserver.domain.common.Text;

/** Who consumes: the value of {@code X-Consumer-ID}, 1–255 characters of {@code [A-Za-z0-9._:@-]}. */
public record ConsumerId(String value) {

    public ConsumerId {
        Text.requireIdentifier(value, "X-Consumer-ID");
    }

    @Override
    public String toString() {
        return value;
    }
}

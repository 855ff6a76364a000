package io.eventserver.domain.stream;

import io.eventserver.domain.common.Text;

/** Who publishes: the value of {@code X-Producer-ID}, 1–255 characters of {@code [A-Za-z0-9._:@-]}. */
public record ProducerId(String value) {

    public ProducerId {
        Text.requireIdentifier(value, "X-Producer-ID");
    }

    @Override
    public String toString() {
        return value;
    }
}

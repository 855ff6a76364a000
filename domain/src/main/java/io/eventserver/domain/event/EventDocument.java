package io.eventserver.domain.event;

import java.util.Objects;

import io.eventserver.domain.common.InvalidValue;

/**
 * The published document exactly as the producer sent it: the text of one JSON object with the members
 * {@code event}, {@code system}, {@code trigger} and {@code payload}. The domain keeps it opaque; the HTTP adapter
 * has validated it before it gets here, and it is returned to consumers unchanged.
 */
public record EventDocument(String json) {

    public EventDocument {
        Objects.requireNonNull(json, "json");
        if (json.isEmpty() || json.charAt(0) != '{' || json.charAt(json.length() - 1) != '}') {
            throw new InvalidValue("the event document must be a JSON object");
        }
    }
}

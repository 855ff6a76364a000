package io.eventserver.domain.event;

import io.eventserver.domain.common.Text;

/**
 * The name of an event ({@code event.name}): 1–255 characters, not blank, no control characters, no unpaired
 * surrogates.
 */
public record EventName(String value) {

    public EventName {
        Text.requireLength(value, "event.name", 255);
        Text.requireNoControlCharacters(value, "event.name");
        Text.requireWellFormed(value, "event.name");
    }

    @Override
    public String toString() {
        return value;
    }
}

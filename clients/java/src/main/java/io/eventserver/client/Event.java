package io.eventserver.client;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event as a consumer receives it: the server's id, sequence and time, and the published document ({@code event},
 * {@code system}, {@code trigger}, {@code payload}) with decimals kept exactly as sent.
 */
public record Event(String eventId, long sequence, Instant receivedAt, JsonNode document) {

    public Event {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(document, "document");
    }

    /** {@code event.name} of the document. */
    public String name() {
        return document.path("event").path("name").asText();
    }

    /** The {@code payload} member. */
    public JsonNode payload() {
        return document.path("payload");
    }
}

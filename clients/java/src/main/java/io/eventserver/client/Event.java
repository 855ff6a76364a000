package io.eventserver.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event as a consumer receives it: the server's id, sequence and time, and the published document ({@code event},
 * {@code system}, {@code trigger}, {@code payload}) with decimals kept exactly as sent — and, when its publish
 * carried a W3C trace context, {@code traceparent} and {@code tracestate}.
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

    /** The W3C {@code traceparent} its publish came with, to continue the producer's trace. */
    public Optional<String> traceparent() {
        return Optional.ofNullable(document.get("traceparent")).map(JsonNode::asText);
    }

    /** The W3C {@code tracestate} its publish came with. */
    public Optional<String> tracestate() {
        return Optional.ofNullable(document.get("tracestate")).map(JsonNode::asText);
    }

    /** The {@code payload} member. */
    public JsonNode payload() {
        return document.path("payload");
    }
}

package io.eventserver.client;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event of a leased read: the event, how many times it has now been leased to the consumer (1 the first time)
 * and when its lease ends. Finish it before then — acknowledge, NACK or extend it — or another reader of the
 * consumer id gets it again.
 */
public record LeasedEvent(Event event, int deliveries, Instant leaseExpiresAt) {

    public LeasedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    }

    public String eventId() {
        return event.eventId();
    }

    public long sequence() {
        return event.sequence();
    }

    public JsonNode payload() {
        return event.payload();
    }
}

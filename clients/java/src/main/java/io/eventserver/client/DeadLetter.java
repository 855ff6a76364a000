package io.eventserver.client;

import java.time.Instant;
import java.util.Objects;

/** An event dead-lettered for a consumer: leased {@code deliveries} times without being acknowledged. */
public record DeadLetter(Event event, int deliveries, Instant deadLetteredAt) {

    public DeadLetter {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(deadLetteredAt, "deadLetteredAt");
    }

    public String eventId() {
        return event.eventId();
    }

    public long sequence() {
        return event.sequence();
    }
}

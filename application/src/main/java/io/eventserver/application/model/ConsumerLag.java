package io.eventserver.application.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * How far a consumer is behind in one (stream, event name).
 *
 * @param offset                 the last acknowledged sequence
 * @param acknowledgedAt         when the offset last moved
 * @param lastSequence           the newest event's sequence
 * @param oldestUnacknowledgedAt when the first stored event after the offset was received; empty when nothing is
 *                               behind
 * @param firstSequence          the lowest sequence still stored (issue 25); 1 when retention removed nothing, above
 *                               {@code lastSequence} when it removed every event
 * @param expiredUnacknowledged  how many events retention removed that this consumer had not acknowledged (ADR 60)
 */
public record ConsumerLag(StreamName stream, ConsumerId consumer, EventName eventName, Sequence offset,
                          Instant acknowledgedAt, Sequence lastSequence, Optional<Instant> oldestUnacknowledgedAt,
                          Sequence firstSequence, long expiredUnacknowledged) {

    public ConsumerLag {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(acknowledgedAt, "acknowledgedAt");
        Objects.requireNonNull(lastSequence, "lastSequence");
        Objects.requireNonNull(oldestUnacknowledgedAt, "oldestUnacknowledgedAt");
        Objects.requireNonNull(firstSequence, "firstSequence");
        if (firstSequence.value() < 1 || expiredUnacknowledged < 0) {
            throw new IllegalArgumentException("firstSequence must be >= 1 and expiredUnacknowledged >= 0");
        }
    }

    /** A cursor of a (stream, event name) retention removed nothing from. */
    public ConsumerLag(StreamName stream, ConsumerId consumer, EventName eventName, Sequence offset,
                       Instant acknowledgedAt, Sequence lastSequence, Optional<Instant> oldestUnacknowledgedAt) {
        this(stream, consumer, eventName, offset, acknowledgedAt, lastSequence, oldestUnacknowledgedAt,
                new Sequence(1), 0);
    }

    /** Where this cursor stands in the order of {@code consumerLags}: by event name, then consumer. */
    public Position position() {
        return new Position(eventName, consumer);
    }

    /** A place in the order of a stream's cursors: by event name, then consumer, both by their UTF-8 bytes. */
    public record Position(EventName eventName, ConsumerId consumer) {
        public Position {
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(consumer, "consumer");
        }
    }

    /** Stored events not acknowledged yet: what retention removed is not behind any more (issue 25). */
    public long lag() {
        return Math.max(0, lastSequence.value() - Math.max(offset.value(), firstSequence.value() - 1));
    }

    /** How long the oldest unacknowledged event has waited at {@code now}, in seconds; 0 when nothing is behind. */
    public double timeLagSeconds(Instant now) {
        return oldestUnacknowledgedAt
                .map(oldest -> Math.max(0, Duration.between(oldest, now).toMillis()) / 1000.0)
                .orElse(0.0);
    }
}

package io.eventserver.application.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.event.EventName;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;

/**
 * What an operator sees of a stream. Since sequences have no gaps, the number of events of a name is its last
 * sequence.
 *
 * @param eventCounts number of events per event name
 * @param lastEventAt when the newest event was received; empty for a stream without events (cannot happen today,
 *                    a stream is created by its first event)
 */
public record StreamSummary(StreamName name, ProducerId owner, Instant createdAt, Map<EventName, Long> eventCounts,
                            Optional<Instant> lastEventAt) {

    public StreamSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(createdAt, "createdAt");
        eventCounts = Map.copyOf(eventCounts);
        Objects.requireNonNull(lastEventAt, "lastEventAt");
    }

    public long eventCount() {
        return eventCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}

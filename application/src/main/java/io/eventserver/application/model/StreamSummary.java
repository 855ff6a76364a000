package io.eventserver.application.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.event.EventName;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;

/**
 * What an operator sees of a stream, bounded whatever the stream holds (issue 29): the counts of its
 * {@value #RECENT_EVENT_NAMES} most recent event names (those with the newest events), and how many names it has in
 * all; {@link io.eventserver.application.port.out.StreamCatalog#eventNames} pages through every one. Since
 * sequences have no gaps, the number of events of a name is its last sequence.
 *
 * @param eventCounts    number of events of the {@value #RECENT_EVENT_NAMES} (at most) event names with the newest
 *                       events
 * @param eventNameCount how many event names the stream has
 * @param eventCount     how many events the stream has, of all its names
 * @param lastEventAt    when the newest event was received; empty for a stream without events (a first publish
 *                       that failed after its claim, on the Kafka engine)
 */
public record StreamSummary(StreamName name, ProducerId owner, Instant createdAt, Map<EventName, Long> eventCounts,
                            long eventNameCount, long eventCount, Optional<Instant> lastEventAt) {

    /** The most event names whose counts a summary shown to operators carries. */
    public static final int RECENT_EVENT_NAMES = 100;

    public StreamSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(createdAt, "createdAt");
        eventCounts = Map.copyOf(eventCounts);
        if (eventNameCount < eventCounts.size()) {
            throw new IllegalArgumentException("eventNameCount must count at least the names of eventCounts");
        }
        Objects.requireNonNull(lastEventAt, "lastEventAt");
    }
}

package io.eventserver.application.port.out;

import java.util.List;
import java.util.Optional;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.EventNameSummary;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.stream.StreamName;

/**
 * Read models for operators: stream summaries, event names and consumer lag. Every answer is bounded by its
 * {@code limit} and {@code recentNames}, whatever the storage holds (issue 29). The contract
 * every implementation must pass is {@code StreamCatalogContractTest} in this module's test sources.
 */
public interface StreamCatalog {

    /**
     * At most {@code limit} streams whose names sort after {@code after} (all when empty), in name order; each
     * summary with the counts of its {@code recentNames} most recent event names: those with the newest events
     * (the newest first, ties by name), and how many names and events it has in all.
     */
    List<StreamSummary> streams(Optional<StreamName> after, int limit, int recentNames);

    /** The stream's summary, as {@link #streams} gives it. */
    Optional<StreamSummary> stream(StreamName name, int recentNames);

    /**
     * At most {@code limit} event names of the stream that sort after {@code after} (from the first when empty), in
     * the order of their UTF-8 bytes (code points), each with its number of events; empty for an unknown stream.
     */
    List<EventNameSummary> eventNames(StreamName stream, Optional<EventName> after, int limit);

    /**
     * At most {@code limit} consumer cursors of the stream after {@code after} (from the first when empty), ordered
     * by event name, then consumer, both by their UTF-8 bytes.
     */
    List<ConsumerLag> consumerLags(StreamName stream, Optional<ConsumerLag.Position> after, int limit);

    /** The {@code limit} cursors with the largest lag across all streams, largest first. */
    List<ConsumerLag> largestLags(int limit);
}

package io.eventserver.application.port.out;

import java.util.List;
import java.util.Optional;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.domain.stream.StreamName;

/**
 * Read models for operators: stream summaries and consumer lag. The contract every implementation must pass is
 * {@code StreamCatalogContractTest} in this module's test sources.
 */
public interface StreamCatalog {

    /** At most {@code limit} streams whose names sort after {@code after} (all when empty), in name order. */
    List<StreamSummary> streams(Optional<StreamName> after, int limit);

    Optional<StreamSummary> stream(StreamName name);

    /** Every consumer cursor of the stream, ordered by event name, then consumer. */
    List<ConsumerLag> consumerLags(StreamName stream);

    /** The {@code limit} cursors with the largest lag across all streams, largest first. */
    List<ConsumerLag> largestLags(int limit);
}

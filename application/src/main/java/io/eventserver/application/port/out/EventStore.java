package io.eventserver.application.port.out;

import java.util.List;
import java.util.Optional;

import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;

/**
 * Durable storage of streams and their events. The contract every implementation must pass is
 * {@code EventStoreContractTest} in this module's test sources.
 */
public interface EventStore {

    Optional<Stream> findStream(StreamName name);

    /**
     * Appends the event to the stream, atomically: when {@code stream.isClaimedNow()}, the stream is created in the
     * same transaction, or nothing is stored at all. The event gets the next sequence of its (stream, event name),
     * with no gaps, and events of one (stream, event name) become visible to readers in sequence order.
     *
     * @return the stored event; when this returns, it is committed
     * @throws IllegalArgumentException when {@code event} was appended by another stream than {@code stream};
     *                                  nothing was stored
     * @throws StreamClaimedConcurrently when the stream was to be created but another publish created it first;
     *                                   nothing was stored
     */
    RecordedEvent append(Stream stream, EventAppended event);

    /** Where the event with this id stands in this stream; empty when the stream has no such event. */
    Optional<EventPosition> findPosition(StreamName stream, EventId id);

    /** The event with this id in this stream; empty when the stream has no such event. */
    Optional<RecordedEvent> findEvent(StreamName stream, EventId id);

    /** The sequence of the newest event of {@code name} in the stream; empty when it has none. */
    Optional<Sequence> lastSequence(StreamName stream, EventName name);

    /** At most {@code limit} events of {@code name} with a sequence after {@code after}, in sequence order. */
    List<RecordedEvent> readAfter(StreamName stream, EventName name, Sequence after, int limit);
}

package io.eventserver.application.port.out;

import java.util.Optional;

import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.stream.StreamName;

/**
 * Durable storage of consumer cursors. The contract every implementation must pass is
 * {@code CursorStoreContractTest} in this module's test sources.
 */
public interface CursorStore {

    /**
     * Empty when the consumer has acknowledged nothing of this (stream, event name). The cursor carries its
     * leasedThrough (ADR 52), read with the offset in the same look-up.
     */
    Optional<ConsumerCursor> find(ConsumerId consumer, StreamName stream, EventName eventName);

    /**
     * Stores the cursor's offset, atomically and never backwards: when a concurrent save stored a higher offset,
     * that one stays. The (stream, event name) must have at least one event. When this returns, it is committed.
     *
     * @return false, having stored nothing, when the stored cursor has leases (its leasedThrough is above 0, ADR 52):
     *         only the lease rules move such a cursor, through {@link LeaseStore#change}; true otherwise
     */
    boolean save(ConsumerCursor cursor);

    /**
     * Stores the cursor's offset as it is, also backwards, creating the cursor when absent; for an operator's reset.
     * Atomic with respect to {@link #save}: a reset racing an acknowledgement ends in one of the two states. The
     * (stream, event name) must have at least one event. When this returns, it is committed.
     *
     * @return false, having stored nothing, when the stored cursor has leases, as for {@link #save}
     */
    boolean overwrite(ConsumerCursor cursor);

    /**
     * Deletes the consumer's state in the stream (ADR 62): its offsets of every event name, its leases and its dead
     * letters, atomically and under the cursors' locks, so that a concurrent acknowledgement or lease change ends
     * before (and is deleted) or after (and starts from 0). Afterwards the consumer reads from the first stored
     * event. When this returns, it is committed.
     *
     * @return whether the consumer had anything stored in the stream
     */
    boolean deleteConsumer(ConsumerId consumer, StreamName stream);
}

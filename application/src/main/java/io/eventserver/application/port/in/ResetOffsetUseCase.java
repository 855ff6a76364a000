package io.eventserver.application.port.in;

import java.util.Objects;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/** An operator sets a consumer's offset: back to replay (0 = from the start), or forward to skip. */
public interface ResetOffsetUseCase {

    /**
     * @return the cursor before and after; when this returns, the new offset is committed
     * @throws io.eventserver.domain.stream.StreamNotFound   when the stream does not exist
     * @throws io.eventserver.domain.event.EventNameNotFound when the stream has no events of that name
     * @throws io.eventserver.domain.common.InvalidValue      when the sequence is beyond the last event
     */
    OffsetReset reset(ResetOffsetCommand command);

    /** @param actor the operator who asked, for the audit log line */
    record ResetOffsetCommand(StreamName stream, ConsumerId consumer, EventName eventName, Sequence sequence,
                              Login actor) {
        public ResetOffsetCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(sequence, "sequence");
            Objects.requireNonNull(actor, "actor");
        }
    }

    record OffsetReset(ConsumerCursor cursor, Sequence previous) {
    }
}

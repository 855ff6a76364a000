package io.eventserver.application.port.in;

import java.util.Objects;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.consumer.Acknowledgement;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.stream.StreamName;

/**
 * Acknowledge an event: the consumer's offset for that event's name becomes max(offset, the event's sequence).
 * Cumulative and idempotent, so retries are safe.
 */
public interface AcknowledgeEventUseCase {

    /**
     * @return what happened to the cursor; when this returns, the new offset is committed
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws io.eventserver.domain.event.EventNotFound when the stream has no event with that id
     * @throws io.eventserver.domain.access.IdBelongsToAnotherUser when the consumer id is another user's
     */
    Acknowledgement acknowledge(AcknowledgeEventCommand command);

    /** @param user who acknowledges; the consumer id must be (or become) this user's */
    record AcknowledgeEventCommand(StreamName stream, ConsumerId consumer, EventId event, Login user) {
        public AcknowledgeEventCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(user, "user");
        }
    }
}

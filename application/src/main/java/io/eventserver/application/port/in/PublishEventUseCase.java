package io.eventserver.application.port.in;

import java.util.Objects;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;

/** Publish an event to a stream; the first producer to publish to a stream creates and owns it. */
public interface PublishEventUseCase {

    /**
     * @return the id of the new event; when this returns, the event is committed
     * @throws io.eventserver.domain.stream.StreamOwnedByAnotherProducer when another producer owns the stream
     * @throws io.eventserver.domain.access.IdBelongsToAnotherUser when the producer id is another user's
     */
    EventId publish(PublishEventCommand command);

    /** @param user who publishes; the producer id must be (or become) this user's */
    record PublishEventCommand(StreamName stream, ProducerId producer, EventDraft event, Login user) {
        public PublishEventCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(producer, "producer");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(user, "user");
        }
    }
}

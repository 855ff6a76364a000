package io.eventserver.application.port.in;

import java.util.Objects;

import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;

/** Publish an event to a stream; the first producer to publish to a stream creates and owns it. */
public interface PublishEventUseCase {

    /**
     * @return the id of the new event; when this returns, the event is committed
     * @throws io.eventserver.domain.stream.StreamOwnedByAnotherProducer when another producer owns the stream
     */
    EventId publish(PublishEventCommand command);

    record PublishEventCommand(StreamName stream, ProducerId producer, EventDraft event) {
        public PublishEventCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(producer, "producer");
            Objects.requireNonNull(event, "event");
        }
    }
}

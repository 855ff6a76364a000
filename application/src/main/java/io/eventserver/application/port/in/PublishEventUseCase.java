package io.eventserver.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;

/**
 * Publish events to a stream, all or nothing; the first producer to publish to a stream creates and owns it. With
 * an idempotency key, a repeated request stores nothing and answers what the first one stored.
 */
public interface PublishEventUseCase {

    /**
     * @return the ids of the events, in the order of the command; when this returns, they are committed
     * @throws io.eventserver.domain.stream.StreamOwnedByAnotherProducer when another producer owns the stream
     * @throws io.eventserver.domain.access.IdBelongsToAnotherUser when the producer id is another user's
     * @throws io.eventserver.domain.event.IdempotencyKeyReused when the key was used with a different request
     */
    Published publish(PublishEventCommand command);

    /**
     * @param events      one or more, stored together or not at all
     * @param idempotency empty: every request stores its events
     * @param user        who publishes; the producer id must be (or become) this user's
     */
    record PublishEventCommand(StreamName stream, ProducerId producer, List<EventDraft> events,
                               Optional<Idempotency> idempotency, Login user) {
        public PublishEventCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(producer, "producer");
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new InvalidValue("a publish needs at least one event");
            }
            Objects.requireNonNull(idempotency, "idempotency");
            Objects.requireNonNull(user, "user");
        }

        /** One event, no idempotency key. */
        public PublishEventCommand(StreamName stream, ProducerId producer, EventDraft event, Login user) {
            this(stream, producer, List.of(event), Optional.empty(), user);
        }
    }

    /**
     * @param ids      of the events, in the order of the command
     * @param replayed true when an earlier request with the same idempotency key stored them and this one nothing
     */
    record Published(List<EventId> ids, boolean replayed) {
        public Published {
            ids = List.copyOf(ids);
        }
    }
}

package io.eventserver.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.Sequence;
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
     * @throws io.eventserver.domain.event.UnexpectedLastSequence when the command expected another last sequence
     *                                   (nothing was stored, no key recorded)
     */
    Published publish(PublishEventCommand command);

    /**
     * @param events      one or more, stored together or not at all
     * @param idempotency empty: every request stores its events
     * @param user        who publishes; the producer id must be (or become) this user's
     * @param expectedLast empty: stored whatever the last sequence is; else stored only if the last sequence of
     *                     the events' one event name is this (ADR 64)
     */
    record PublishEventCommand(StreamName stream, ProducerId producer, List<EventDraft> events,
                               Optional<Idempotency> idempotency, Login user, Optional<Sequence> expectedLast) {
        public PublishEventCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(producer, "producer");
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new InvalidValue("a publish needs at least one event");
            }
            Objects.requireNonNull(idempotency, "idempotency");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(expectedLast, "expectedLast");
        }

        /** Without an expected sequence. */
        public PublishEventCommand(StreamName stream, ProducerId producer, List<EventDraft> events,
                                   Optional<Idempotency> idempotency, Login user) {
            this(stream, producer, events, idempotency, user, Optional.empty());
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

package io.eventserver.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * A consumer's dead letters (issue 24, ADR 52): events leased the most times allowed and given up on. Allowed to the
 * user the consumer id belongs to (a user that may consume the stream and whose id it is, or becomes) and to admins.
 */
public interface DeadLettersUseCase {

    /**
     * At most {@code limit} dead letters of one event name after {@code after}, in sequence order.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws io.eventserver.domain.common.InvalidValue   when the limit is outside 1..{@code api.max-limit}
     */
    DeadLetterPage list(DeadLetterQuery query);

    /**
     * RETRY: the dead letter is leasable again for the consumer, its deliveries counted from 0, even at or below the
     * offset.
     *
     * @throws io.eventserver.domain.consumer.DeadLetterNotFound when the event is no dead letter of the consumer
     */
    void retry(DeadLetterCommand command);

    /**
     * DELETE: the dead letter is no longer listed; the event stays done.
     *
     * @throws io.eventserver.domain.consumer.DeadLetterNotFound when the event is no dead letter of the consumer
     */
    void delete(DeadLetterCommand command);

    /** Who asks: a user, and whether it is an admin (who may look at any consumer's dead letters). */
    record Asker(Login user, boolean admin) {
        public Asker {
            Objects.requireNonNull(user, "user");
        }
    }

    record DeadLetterQuery(StreamName stream, ConsumerId consumer, EventName eventName, Sequence after, int limit,
                           Asker asker) {
        public DeadLetterQuery {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(asker, "asker");
        }
    }

    record DeadLetterCommand(StreamName stream, ConsumerId consumer, EventId event, Asker asker) {
        public DeadLetterCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(asker, "asker");
        }
    }

    /** A dead letter: the event, how many times it was leased, and when it was given up on. */
    record DeadLetter(RecordedEvent event, int deliveries, Instant deadLetteredAt) {
        public DeadLetter {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(deadLetteredAt, "deadLetteredAt");
        }
    }

    /** @param next the {@code after} of the next page; empty on the last page */
    record DeadLetterPage(List<DeadLetter> deadLetters, Optional<Sequence> next) {
        public DeadLetterPage {
            deadLetters = List.copyOf(deadLetters);
            Objects.requireNonNull(next, "next");
        }
    }
}

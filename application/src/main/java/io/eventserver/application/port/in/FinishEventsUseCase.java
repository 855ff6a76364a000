package io.eventserver.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.stream.StreamName;

/**
 * Finishing, giving back or extending leased events, one or many at once (issue 24, ADR 52): all of them or none.
 */
public interface FinishEventsUseCase {

    /**
     * Applies the action to every event, each by the single-event rule: ACK of an event ever leased finishes it alone,
     * of one never leased is cumulative; NACK ends an unexpired lease (leasable again after the delay); EXTEND moves it.
     * All or nothing: when this returns, every change is committed; when it throws, nothing changed.
     *
     * @return how many distinct events the action was applied to
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws io.eventserver.domain.event.EventNotFound when one of the events is not in the stream
     * @throws io.eventserver.domain.consumer.EventNotLeased NACK or EXTEND of an event not under an unexpired lease
     * @throws io.eventserver.domain.common.InvalidValue when the ids, delay or lease are out of their ranges
     * @throws io.eventserver.domain.access.IdBelongsToAnotherUser when the consumer id is another user's
     */
    int finish(FinishCommand command);

    enum Action { ACK, NACK, EXTEND }

    /**
     * @param events       1..{@code api.max-limit} event ids
     * @param delaySeconds NACK: 0..{@code api.max-lease}, 0 when not given
     * @param leaseSeconds EXTEND (required): 1..{@code api.max-lease}
     */
    record FinishCommand(StreamName stream, ConsumerId consumer, Action action, List<EventId> events,
                         OptionalInt delaySeconds, OptionalInt leaseSeconds, Login user) {
        public FinishCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(action, "action");
            events = List.copyOf(events);
            Objects.requireNonNull(delaySeconds, "delaySeconds");
            Objects.requireNonNull(leaseSeconds, "leaseSeconds");
            Objects.requireNonNull(user, "user");
        }
    }
}

package io.eventserver.application.port.in;

import java.util.List;
import java.util.Objects;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.StreamName;

/** Read the events of one name in a stream that come after a consumer's offset. Reading never moves the offset. */
public interface ReadEventsUseCase {

    /**
     * @return at most {@code limit} events in sequence order; empty when the stream has no such events
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws InvalidValue when the limit is above the configured maximum
     */
    List<RecordedEvent> read(ReadEventsQuery query);

    /** @param user who asks; the consumer id must be (or become) this user's */
    record ReadEventsQuery(StreamName stream, ConsumerId consumer, EventName eventName, int limit, Login user) {
        public ReadEventsQuery {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(user, "user");
            if (limit < 1) {
                throw new InvalidValue("limit must be an integer >= 1");
            }
        }
    }
}

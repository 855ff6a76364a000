package io.eventserver.application.port.in;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.StreamName;

/**
 * Leased reads (issue 24, ADR 52): several readers of one consumer id — on any node — share the events of one name,
 * each event leased to one reader at a time, finished one by one.
 */
public interface LeaseEventsUseCase {

    /**
     * Leases, in sequence order, up to {@code limit} events leasable for the consumer: above its offset and not
     * acknowledged, dead-lettered or under an unexpired lease of it (an expired lease or a passed NACK delay makes an
     * event leasable again), and its retried dead letters. An event already leased {@code maxDeliveries} times is
     * dead-lettered instead. With a {@code wait} and nothing leasable, waits until something is: a commit wakes the
     * read at once, an expired lease or a passed NACK delay within a second. When this returns, the leases are
     * committed.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws InvalidValue when the limit, lease, maxInFlight or maxDeliveries is out of its range
     * @throws io.eventserver.domain.access.IdBelongsToAnotherUser when the consumer id is another user's; nothing
     *                                                             was leased
     * @throws ReadEventsUseCase.TooManyWaiting when the read would wait and the most consumers wait already
     */
    LeasedPage lease(LeaseQuery query);

    /**
     * @param leaseSeconds  {@code lease}: 1..{@code api.max-lease}
     * @param maxInFlight   {@code maxInFlight}: 1..{@code api.max-limit}, optional
     * @param maxDeliveries {@code maxDeliveries}: 1..100, {@code api.max-deliveries} when not given
     */
    record LeaseQuery(StreamName stream, ConsumerId consumer, EventName eventName, int limit, Login user,
                      Duration waitFor, int leaseSeconds, OptionalInt maxInFlight, OptionalInt maxDeliveries) {
        public LeaseQuery {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(maxInFlight, "maxInFlight");
            Objects.requireNonNull(maxDeliveries, "maxDeliveries");
            if (limit < 1) {
                throw new InvalidValue("limit must be an integer >= 1");
            }
            if (waitFor == null || waitFor.isNegative()) {
                throw new IllegalArgumentException("waitFor must not be negative");
            }
        }
    }

    /** One leased event: how many times it has now been leased to the consumer, and when its lease expires. */
    record LeasedEvent(RecordedEvent event, int deliveries, Instant leaseExpiresAt) {
        public LeasedEvent {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
        }
    }

    /** @param deadLettered how many events the read dead-lettered instead of leasing them */
    record LeasedPage(List<LeasedEvent> events, int deadLettered) {
        public LeasedPage {
            events = List.copyOf(events);
        }

        public static final LeasedPage EMPTY = new LeasedPage(List.of(), 0);
    }
}

package io.eventserver.application.port.in;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/** Read the events of one name in a stream that come after a consumer's offset. Reading never moves the offset. */
public interface ReadEventsUseCase {

    /**
     * Answers at once when events after the offset exist; otherwise, with a {@code wait}, waits until at least one
     * such event is committed (and answers what is there, up to {@code limit}) or the wait is over (and answers
     * none). A waiting read holds no database connection.
     *
     * @return at most {@code limit} events in sequence order; empty when the stream has no such events (yet)
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws InvalidValue when the limit is above the configured maximum
     * @throws TooManyWaiting when the read would wait and the most consumers wait already
     */
    List<RecordedEvent> read(ReadEventsQuery query);

    /**
     * @param user who asks; the consumer id must be (or become) this user's
     * @param waitFor how long to wait for events when there are none ({@code wait}); zero answers at once
     */
    record ReadEventsQuery(StreamName stream, ConsumerId consumer, EventName eventName, int limit, Login user,
                           Duration waitFor) {
        public ReadEventsQuery {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(user, "user");
            if (limit < 1) {
                throw new InvalidValue("limit must be an integer >= 1");
            }
            if (waitFor == null || waitFor.isNegative()) {
                throw new InvalidValue("waitFor must not be negative");
            }
        }

        /** A read that answers at once. */
        public ReadEventsQuery(StreamName stream, ConsumerId consumer, EventName eventName, int limit, Login user) {
            this(stream, consumer, eventName, limit, user, Duration.ZERO);
        }
    }

    /**
     * Starts following the events of one name as they are committed (a stream to a client), from after
     * {@code after} — or, when empty, after the consumer's offset. Following never moves the offset. It counts as
     * a waiting consumer until closed.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws io.eventserver.domain.access.IdBelongsToAnotherUser when the consumer id is another user's
     * @throws TooManyWaiting when the most consumers wait already
     */
    Subscription follow(ReadEventsQuery query, Optional<Sequence> after);

    /**
     * Follows the events of one name committed after {@code query.after()} (the console's live tail), like
     * {@link #follow} but for no consumer: nothing is claimed, no offset is read. It counts as a waiting consumer
     * until closed.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws TooManyWaiting when the most consumers wait already
     */
    Subscription watch(BrowseQuery query);

    /** A look at the events of one name after {@code after}, at most {@code limit} at a time. */
    record BrowseQuery(StreamName stream, EventName eventName, Sequence after, int limit) {
        public BrowseQuery {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(after, "after");
            if (limit < 1) {
                throw new InvalidValue("limit must be an integer >= 1");
            }
        }
    }

    /** Events of a followed (stream, event name), one page at a time. */
    interface Subscription extends AutoCloseable {

        /**
         * The next events after the last ones returned, up to the query's limit; waits up to {@code wait} when
         * there are none yet, and returns none when that time is up or the server stops.
         */
        List<RecordedEvent> next(Duration wait);

        /** True once the server stops, or the stream was deleted (ADR 62): the follower should end. */
        boolean ended();

        @Override
        void close();
    }

    /** The most consumers wait already; nothing was read. */
    final class TooManyWaiting extends RuntimeException {
        public TooManyWaiting(int maxWaiting) {
            super("too many waiting consumers (at most " + maxWaiting + ")", null, false, false);
        }
    }
}

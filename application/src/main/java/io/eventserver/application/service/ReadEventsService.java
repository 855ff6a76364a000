package io.eventserver.application.service;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.application.port.in.ReadEventsUseCase;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;

public final class ReadEventsService implements ReadEventsUseCase {

    private final EventStore events;
    private final SharedReads shared;
    private final CursorStore cursors;
    private final IdOwnership ownership;
    private final Waiters waiters;
    private final int maxLimit;

    /**
     * @param waiters  where reads with a {@code wait} sleep until events are committed
     * @param maxLimit the largest {@code limit} a consumer may ask for
     */
    public ReadEventsService(EventStore events, CursorStore cursors, IdOwnership ownership, Waiters waiters,
                             int maxLimit) {
        this.events = Objects.requireNonNull(events, "events");
        this.shared = new SharedReads(events);
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.waiters = Objects.requireNonNull(waiters, "waiters");
        if (maxLimit < 1) {
            throw new IllegalArgumentException("maxLimit must be >= 1");
        }
        this.maxLimit = maxLimit;
    }

    @Override
    public List<RecordedEvent> read(ReadEventsQuery query) {
        requireReadable(query);
        if (query.waitFor().isZero()) {
            List<RecordedEvent> page = page(query);
            // after the read, which changes nothing: a refused read claims nothing (ADR 26)
            IdClaims.claim(ownership, IdKind.CONSUMER, query.consumer().value(), query.user());
            return page;
        }
        // waiting from before the first read on, so that an event committed in between is not missed
        Waiters.Waiter waiter = waiters.join(query.stream(), query.eventName());
        try {
            List<RecordedEvent> page = page(query);
            IdClaims.claim(ownership, IdKind.CONSUMER, query.consumer().value(), query.user());
            long deadline = System.nanoTime() + query.waitFor().toNanos();
            while (page.isEmpty() && waiter.await(deadline)) {
                page = page(query);
            }
            return page;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            waiters.leave(waiter);
        }
    }

    @Override
    public Subscription follow(ReadEventsQuery query, Optional<Sequence> after) {
        requireReadable(query);
        // joined first: a follower refused for too many waiters claims nothing
        Waiters.Waiter waiter = waiters.join(query.stream(), query.eventName());
        Sequence start;
        try {
            IdClaims.claim(ownership, IdKind.CONSUMER, query.consumer().value(), query.user());
            start = after.orElseGet(() -> offset(query));
        } catch (RuntimeException e) {
            waiters.leave(waiter);
            throw e;
        }
        return subscription(waiter, query.stream(), query.eventName(), start, query.limit());
    }

    @Override
    public Subscription watch(BrowseQuery query) {
        requireReadable(query.stream(), query.limit());
        Waiters.Waiter waiter = waiters.join(query.stream(), query.eventName());
        return subscription(waiter, query.stream(), query.eventName(), query.after(), query.limit());
    }

    /** Pages of the events after {@code start}, waiting on {@code waiter} (left when the subscription closes). */
    private Subscription subscription(Waiters.Waiter waiter, StreamName stream, EventName eventName, Sequence start,
                                      int limit) {
        return new Subscription() {
            private Sequence last = start;
            private boolean deleted;

            @Override
            public List<RecordedEvent> next(Duration wait) {
                List<RecordedEvent> page = shared.readAfter(stream, eventName, last, limit);
                try {
                    long deadline = System.nanoTime() + wait.toNanos();
                    while (page.isEmpty() && waiter.await(deadline)) {
                        page = shared.readAfter(stream, eventName, last, limit);
                        if (page.isEmpty() && events.findStream(stream).isEmpty()) {
                            // deleted while we waited (ADR 62): the subscription ends
                            deleted = true;
                            return page;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return List.of();
                }
                if (!page.isEmpty()) {
                    last = page.getLast().sequence();
                }
                return page;
            }

            @Override
            public boolean ended() {
                return deleted || waiters.isClosed();
            }

            @Override
            public void close() {
                waiters.leave(waiter);
            }
        };
    }

    private void requireReadable(ReadEventsQuery query) {
        requireReadable(query.stream(), query.limit());
    }

    private void requireReadable(StreamName stream, int limit) {
        if (limit > maxLimit) {
            throw new InvalidValue("limit must be an integer <= " + maxLimit);
        }
        if (events.findStream(stream).isEmpty()) {
            throw new StreamNotFound(stream);
        }
    }

    /** The events after the consumer's offset, as they are now. */
    private List<RecordedEvent> page(ReadEventsQuery query) {
        return stillThere(query.stream(), shared.readAfter(query.stream(), query.eventName(), offset(query),
                query.limit()));
    }

    /**
     * The page, unless it is empty because the stream was deleted (ADR 62) — while a consumer waited, or on another
     * process, whose engine found out and forgot it reading this page: then the read is answered as one of an unknown
     * stream. A page with events is what was stored when it was read.
     */
    private List<RecordedEvent> stillThere(StreamName stream, List<RecordedEvent> page) {
        if (page.isEmpty() && events.findStream(stream).isEmpty()) {
            throw new StreamNotFound(stream);
        }
        return page;
    }

    private Sequence offset(ReadEventsQuery query) {
        return cursors.find(query.consumer(), query.stream(), query.eventName())
                .map(ConsumerCursor::offset)
                .orElse(Sequence.ZERO);
    }
}

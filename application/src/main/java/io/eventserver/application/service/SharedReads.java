package io.eventserver.application.service;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.eventserver.application.port.out.EventStore;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * Reads of the same page at the same time share one read of the store (issue 28, ADR 69): consumers woken together
 * by one commit, or many readers of a hot page, cost the store one query instead of one each.
 * <p>
 * A read only joins a store read that started after it arrived, so it sees everything committed before it arrived,
 * as its own read would: a shared answer is never older than the reader. Otherwise it starts a new store read, which
 * the readers arriving after that join. The answer is the same list for all of them: callers must not change it.
 */
final class SharedReads {

    private record Page(StreamName stream, EventName name, Sequence after, int limit) {
    }

    private static final class Flight {
        private final long startedAt;
        private final CompletableFuture<List<RecordedEvent>> answer = new CompletableFuture<>();

        Flight(long startedAt) {
            this.startedAt = startedAt;
        }
    }

    private final EventStore events;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Page, Flight> flights = new ConcurrentHashMap<>();

    SharedReads(EventStore events) {
        this(events, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds ({@link System#nanoTime}; tests set their own) */
    SharedReads(EventStore events, LongSupplier nanoTime) {
        this.events = Objects.requireNonNull(events, "events");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** {@link EventStore#readAfter}, shared with the reads of the same page that arrived before this one started. */
    List<RecordedEvent> readAfter(StreamName stream, EventName name, Sequence after, int limit) {
        long arrived = nanoTime.getAsLong();
        Page page = new Page(stream, name, after, limit);
        Flight own = null;
        while (true) {
            Flight current = flights.get(page);
            if (current != null && current.startedAt - arrived >= 0) {
                return join(current);
            }
            if (own == null) {
                own = new Flight(nanoTime.getAsLong());
            }
            if (current == null ? flights.putIfAbsent(page, own) == null : flights.replace(page, current, own)) {
                break;
            }
        }
        try {
            List<RecordedEvent> read = events.readAfter(stream, name, after, limit);
            own.answer.complete(read);
            return read;
        } catch (RuntimeException | Error e) {
            own.answer.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(page, own);
        }
    }

    private static List<RecordedEvent> join(Flight flight) {
        try {
            return flight.answer.join();
        } catch (CompletionException e) {
            // the store read failed for every reader that shared it, with the failure it failed with
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}

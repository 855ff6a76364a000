package io.eventserver.application.port.out;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;

/**
 * Durable storage of streams and their events. The contract every implementation must pass is
 * {@code EventStoreContractTest} in this module's test sources.
 */
public interface EventStore {

    /** The default of the most event names a stream may have ({@code api.max-event-names}). */
    int DEFAULT_MAX_EVENT_NAMES = 10_000;

    Optional<Stream> findStream(StreamName name);

    /**
     * Appends the events to their stream, atomically: all of them or none, and when {@code stream.isClaimedNow()},
     * the stream is created in the same transaction. Each event gets the next sequence of its (stream, event name),
     * with no gaps, in the order of the events; no other append's events of the same (stream, event name) come
     * between them, and events of one (stream, event name) become visible to readers in sequence order. That there
     * is at least one event and that each belongs to the stream, {@link EventsAppended} guarantees.
     * <p>
     * With an idempotency key: the first append with a (stream, producer, key) stores its events and the key with
     * its fingerprint and event ids, in the same transaction; a later one is answered by
     * {@link Idempotency#replay}: with the same fingerprint it stores nothing and returns
     * {@link AppendResult.Replayed} with those ids. Of concurrent appends with the same key and fingerprint exactly
     * one stores; the others return once it has committed. Keys are kept as long as their events.
     * <p>
     * A stream has at most the maximum of event names the engine was opened with: an append that would add names
     * beyond it stores nothing (no event, no idempotency key, no name) and fails with {@code TooManyEventNames},
     * also when concurrent appends — on any process — add the last free names; appending to names the stream has
     * costs no more than before.
     * <p>
     * With an expected last sequence ({@link EventsAppended#expectedLast}, ADR 64): the events are stored only if
     * {@link EventsAppended#requireLast} accepts the last sequence of their event name at the moment they are
     * numbered, in one atomic step with the numbering — of concurrent appends with the same expectation, on any
     * process, exactly one stores. An idempotency key is answered first: a replay answers what the first request
     * stored, whatever the expectation now; a refused append records no key.
     *
     * @param events what {@code Stream.append} decided
     * @return what was stored; when this returns, it is committed
     * @throws StreamClaimedConcurrently when the stream was to be created but another publish created it first;
     *                                   nothing was stored
     * @throws io.eventserver.domain.event.IdempotencyKeyReused when the key is stored with another fingerprint;
     *                                   nothing was stored
     * @throws io.eventserver.domain.stream.TooManyEventNames when the events would give the stream more event names
     *                                   than the maximum; nothing was stored
     * @throws io.eventserver.domain.event.UnexpectedLastSequence when the expectation does not hold; nothing was
     *                                   stored, no key recorded
     * @throws StreamDeletedConcurrently when the stream does not exist and the events do not claim it — deleted
     *                                   after the caller found it (ADR 62), or never created — or the stream stored
     *                                   under the name now has another owner than the one the events were decided
     *                                   by (deleted and claimed anew); nothing was stored
     */
    AppendResult append(EventsAppended events, Optional<Idempotency> idempotency);

    /**
     * {@link #append(EventsAppended, Optional)} of one event without idempotency key.
     *
     * @throws IllegalArgumentException when the event was decided by another stream than {@code stream}; nothing
     *                                  was stored
     */
    default RecordedEvent append(Stream stream, EventAppended event) {
        return ((AppendResult.Appended) append(new EventsAppended(stream, List.of(event)), Optional.empty()))
                .events().getFirst();
    }

    /**
     * The stream as storage has it now, whatever this process remembers of it: a caller whose decision on a stream
     * {@link #findStream} gave was refused (its owner turned the producer away) asks again here, since another process
     * may have deleted the stream and a publish claimed its name anew (ADR 62). Engines that remember nothing answer
     * as {@link #findStream}.
     */
    default Optional<Stream> refreshStream(StreamName name) {
        return findStream(name);
    }

    /**
     * Deletes the stream and everything stored of it — its events, idempotency keys, consumer offsets, leases, dead
     * letters and retention — atomically (ADR 62): a concurrent append either committed before, and is deleted with
     * it, or fails with {@link StreamDeletedConcurrently} (and its caller claims the name anew); a concurrent read gets
     * what was there before or nothing, never a failure. Afterwards the name is free: the next claim creates a new
     * stream whose sequences start at 1. When this returns, the deletion is committed.
     *
     * @return false, having changed nothing, when there is no such stream
     */
    boolean deleteStream(StreamName name);

    /**
     * Replaces the stored document of the event with {@code redacted} (ADR 63): the original — with its
     * {@code system}, {@code trigger} and {@code payload} — is no longer stored where readers are served from. Its id,
     * name, sequence and time of receipt stay, and so do offsets, leases and idempotency keys that name it. When this
     * returns, it is committed; from then on every read of the event gives the redacted document.
     *
     * @param redacted what {@code Redaction.of} made of the event
     * @return false, having changed nothing, when the stream has no event with this id
     */
    boolean redact(StreamName stream, EventId id, EventDocument redacted);

    /** Where the event with this id stands in this stream; empty when the stream has no such event. */
    Optional<EventPosition> findPosition(StreamName stream, EventId id);

    /** The event with this id in this stream; empty when the stream has no such event. */
    Optional<RecordedEvent> findEvent(StreamName stream, EventId id);

    /** The sequence of the newest event of {@code name} in the stream; empty when it has none. */
    Optional<Sequence> lastSequence(StreamName stream, EventName name);

    /** At most {@code limit} events of {@code name} with a sequence after {@code after}, in sequence order. */
    List<RecordedEvent> readAfter(StreamName stream, EventName name, Sequence after, int limit);

    /**
     * Examines the events of {@code name} after {@code after} in sequence order, at most {@code maxScan} of them,
     * and stops as soon as {@code limit} match the filter (ADR 67). This default reads pages with
     * {@link #readAfter} and tests each event here; an engine that can filter in its database does better.
     *
     * @return the matches, in sequence order, and the sequence of the last event examined (empty when none was)
     */
    default Scan scan(StreamName stream, EventName name, Sequence after, int limit, int maxScan, EventFilter filter) {
        List<RecordedEvent> found = new ArrayList<>();
        Optional<Sequence> examined = Optional.empty();
        Sequence from = after;
        int left = maxScan;
        while (left > 0 && found.size() < limit) {
            List<RecordedEvent> page = readAfter(stream, name, from, Math.min(left, Scan.PAGE));
            for (RecordedEvent event : page) {
                examined = Optional.of(event.sequence());
                left--;
                if (filter.matches(event)) {
                    found.add(event);
                    if (found.size() == limit) {
                        return new Scan(found, examined);
                    }
                }
            }
            if (page.size() < Math.min(left + page.size(), Scan.PAGE)) {
                break;
            }
            from = page.getLast().sequence();
        }
        return new Scan(found, examined);
    }

    /**
     * What {@link #scan} found.
     *
     * @param examined the sequence of the last event examined; empty when there was none after the start
     */
    record Scan(List<RecordedEvent> found, Optional<Sequence> examined) {
        /** How many events an engine reads at a time while it scans. */
        public static final int PAGE = 1_000;

        public Scan {
            found = List.copyOf(found);
            java.util.Objects.requireNonNull(examined, "examined");
        }
    }

    /**
     * The events of {@code name} with these sequences that exist, in sequence order (a leased page, dead letters).
     * This default reads each run of consecutive sequences with {@link #readAfter}; an engine may do better.
     */
    default List<RecordedEvent> read(StreamName stream, EventName name, Collection<Sequence> sequences) {
        List<Sequence> sorted = sequences.stream().distinct().sorted().toList();
        List<RecordedEvent> found = new ArrayList<>(sorted.size());
        int i = 0;
        while (i < sorted.size()) {
            int end = i;
            while (end + 1 < sorted.size() && sorted.get(end + 1).value() == sorted.get(end).value() + 1) {
                end++;
            }
            long from = sorted.get(i).value();
            long through = sorted.get(end).value();
            // a read after a sequence retention removed starts at the first stored one (ADR 60): only the asked ones
            readAfter(stream, name, new Sequence(from - 1), end - i + 1).stream()
                    .filter(event -> event.sequence().value() >= from && event.sequence().value() <= through)
                    .forEach(found::add);
            i = end + 1;
        }
        return found;
    }
}

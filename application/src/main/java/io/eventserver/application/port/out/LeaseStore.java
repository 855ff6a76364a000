package io.eventserver.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.LeaseCounts;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.consumer.LeaseCursor;
import io.eventserver.domain.consumer.LeaseDecision;
import io.eventserver.domain.consumer.LeaseEntry;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * Durable lease state of consumers that lease events (ADR 52): per (consumer, stream, event name) the cursor's
 * {@code leasedThrough} beside its offset, and one entry per event leased above the offset (and per dead letter and
 * retried dead letter at or below it). The store only stores: every rule is {@code ConsumerLeases}' in the domain,
 * which the services apply through {@link #change}. The contract every implementation must pass is
 * {@code LeaseStoreContractTest} in this module's test sources.
 * <p>
 * Invariant (kept by the services, relied on by every rule): every sequence in (offset, leasedThrough] was leased and
 * has an entry unless it was acknowledged (an acknowledged event keeps none), and no sequence above leasedThrough has
 * one.
 */
public interface LeaseStore {

    /**
     * A look at one consumer's lease state without its lock, so that a reader with nothing to lease does not queue
     * for the lock. Empty when the (stream, event name) has no events.
     *
     * @param inFlightAtMost {@link Leases#inFlight} is counted up to this many (0: not counted)
     */
    Optional<Snapshot> peek(ConsumerId consumer, StreamName stream, EventName name, int inFlightAtMost);

    /**
     * Runs {@code work} in one transaction holding the lock of each named (consumer, stream, event name) — one row
     * lock per cursor, taken in the order of the names' UTF-8 bytes, so that concurrent changes on every node of the
     * same storage wait for each other and never deadlock — and commits when it returns: when this returns, every
     * change {@code work} made is durable. When {@code work} throws, nothing it changed is kept. A cursor that does not
     * exist yet is created (offset 0). Reads through a {@link Leases} see the changes made through it.
     *
     * @param names at least one; every (stream, name) must have events
     * @return what {@code work} returned
     * @throws IllegalArgumentException when a (stream, name) has no events; nothing was changed
     */
    <T> T change(ConsumerId consumer, StreamName stream, Collection<EventName> names,
                 Function<Map<EventName, Leases>, T> work);

    /** {@link #change(ConsumerId, StreamName, Collection, Function)} of one event name. */
    default <T> T change(ConsumerId consumer, StreamName stream, EventName name, Function<Leases, T> work) {
        return change(consumer, stream, List.of(name), leases -> work.apply(leases.get(name)));
    }

    /**
     * The commonest leased read in one step (ADR 70): when no live entry of the consumer is leasable now, leases the
     * next {@code count} events never leased — those above max(offset, leasedThrough), up to the newest — for the first
     * time, until the storage's clock plus {@code lease}, in one transaction holding the cursor's lock: what
     * {@code ConsumerLeases.lease} decides when it is given no leasable entry. Events retention removed in that range
     * are passed over, as done.
     *
     * @return the events leased, in sequence order (none only when retention removed every one of them); empty when
     *         the shortcut does not apply — the cursor does not exist yet, every event was leased already, or an entry
     *         is leasable — or the engine has none: then nothing changed (no lock was taken for a cursor with nothing
     *         to lease this way), and the caller takes {@link #change}
     */
    default Optional<List<LeaseDecision.Grant>> leaseNeverLeased(ConsumerId consumer, StreamName stream,
                                                                 EventName name, int count, Duration lease) {
        return Optional.empty();
    }

    /**
     * The commonest acknowledgement in one step (ADR 70): when every one of these sequences has an entry of the
     * consumer, removes them and moves the offset over the finished run above it, in one transaction holding the
     * cursor's lock — what {@code ConsumerLeases.acknowledge} and {@code advance} decide for entries that exist.
     *
     * @param sequences distinct sequences of events of {@code name}
     * @return how far the offset moved (0 when it did not); empty when an entry is gone or the engine has no shortcut:
     *         then nothing changed, and the caller takes {@link #change}
     */
    default OptionalLong acknowledgeEntries(ConsumerId consumer, StreamName stream, EventName name,
                                            Collection<Sequence> sequences) {
        return OptionalLong.empty();
    }

    /**
     * Where the events with these ids stand, for those that have an entry of this consumer in this stream (without
     * the lock: an entry may be gone by the time the caller takes it). Ids without an entry are left out.
     */
    Map<EventId, EventPosition> find(ConsumerId consumer, StreamName stream, Collection<EventId> events);

    /** At most {@code limit} dead letters of the consumer with a sequence above {@code after}, in sequence order. */
    List<LeaseEntry> deadLetters(ConsumerId consumer, StreamName stream, EventName name, Sequence after, int limit);

    /**
     * For each of these cursors of the stream: how many of its events are under an unexpired lease now, and
     * how many are dead letters. Cursors without lease state may be left out (they count 0).
     */
    Map<ConsumerLag.Position, LeaseCounts> counts(StreamName stream, Collection<ConsumerLag.Position> cursors);

    /**
     * One consumer's lease state in one (stream, event name) as a transaction sees it under the cursor's lock. Every
     * method reads or writes that cursor and its entries only; writes are visible to later reads through this view and
     * are committed together when {@link #change} returns.
     */
    interface Leases {

        /**
         * The storage's clock, read once the lock was taken: every node on the same storage goes by the same clock,
         * so that a lease one node grants is unexpired for every other node too.
         */
        Instant now();

        /** The cursor as it is now in this transaction, with the newest event's sequence. */
        LeaseCursor cursor();

        /**
         * How many entries are {@code LEASED} with an unexpired lease at {@code now} and live (above the offset, or
         * retried), counted up to {@code atMost}.
         */
        int inFlight(Instant now, int atMost);

        /**
         * At most {@code limit} entries leasable at {@code now} — {@code LEASED} or {@code RELEASED} with {@code until}
         * at or before {@code now} — and live (above the offset, or retried), in sequence order.
         */
        List<LeaseEntry> leasable(Instant now, int limit);

        /** The entries of these sequences that exist. */
        Map<Sequence, LeaseEntry> entries(Collection<Sequence> sequences);

        /** The lowest sequence above {@code after} whose entry is unfinished ({@code LEASED} or {@code RELEASED}). */
        Optional<Sequence> firstUnfinishedAfter(Sequence after);

        /**
         * Leases the events from {@code fresh.from()} through {@code fresh.through()} for the first time: an entry for
         * each, {@code LEASED} until {@code fresh.until()} with 1 delivery and the event's id (the store knows the
         * events); leasedThrough becomes {@code fresh.through()}. None of them may have an entry yet.
         */
        void leaseFresh(LeaseDecision.FreshLeases fresh);

        /**
         * Stores these entries, which exist, as they are now: state, deliveries, until, dead-lettering time and whether
         * retried (sequence and event id never change).
         */
        void put(Collection<LeaseEntry> entries);

        /** Removes the entries of these sequences. */
        void remove(Collection<Sequence> sequences);

        /** Removes every entry at or below {@code through} but the dead letters (a cumulative acknowledgement). */
        void endLeasesThrough(Sequence through);

        /** Removes every entry above {@code after}, dead letters too (an operator's reset backwards). */
        void removeAfter(Sequence after);

        /** Sets the cursor's offset and leasedThrough as given, either way (the rules decided). */
        void setCursor(Sequence offset, Sequence leasedThrough);
    }

    /**
     * What {@link #peek} saw.
     *
     * @param now            the storage's clock when it looked (as {@link Leases#now})
     * @param inFlight       as {@link Leases#inFlight} at {@code now}, up to the asked most
     * @param entryLeasable  whether some live entry is leasable now
     * @param nextLeasableAt the earliest time after now at which an unfinished entry becomes leasable (a lease expires
     *                       or a NACK delay passes), if any
     */
    record Snapshot(Instant now, LeaseCursor cursor, int inFlight, boolean entryLeasable,
                    Optional<Instant> nextLeasableAt) {
        public Snapshot {
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(cursor, "cursor");
            Objects.requireNonNull(nextLeasableAt, "nextLeasableAt");
        }
    }

    /**
     * The lease store of an engine that cannot lease yet: every lease route fails with {@link LeasesUnsupported}
     * (501), and every consumer counts no leases.
     */
    static LeaseStore unsupported(String engine) {
        return new LeaseStore() {
            @Override
            public Optional<Snapshot> peek(ConsumerId consumer, StreamName stream, EventName name,
                                           int inFlightAtMost) {
                throw new LeasesUnsupported(engine);
            }

            @Override
            public <T> T change(ConsumerId consumer, StreamName stream, Collection<EventName> names,
                                Function<Map<EventName, Leases>, T> work) {
                throw new LeasesUnsupported(engine);
            }

            @Override
            public Map<EventId, EventPosition> find(ConsumerId consumer, StreamName stream,
                                                    Collection<EventId> events) {
                throw new LeasesUnsupported(engine);
            }

            @Override
            public List<LeaseEntry> deadLetters(ConsumerId consumer, StreamName stream, EventName name,
                                                Sequence after, int limit) {
                throw new LeasesUnsupported(engine);
            }

            @Override
            public Map<ConsumerLag.Position, LeaseCounts> counts(StreamName stream,
                                                                 Collection<ConsumerLag.Position> cursors) {
                return Map.of();
            }
        };
    }
}

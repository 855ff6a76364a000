package io.eventserver.application.port.out.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.LeaseCounts;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.consumer.LeaseCursor;
import io.eventserver.domain.consumer.LeaseDecision;
import io.eventserver.domain.consumer.LeaseEntry;
import io.eventserver.domain.consumer.LeaseState;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * {@link LeaseStore} in memory (ADR 52): a cursor's leasedThrough beside its offset and its entries by sequence. A
 * {@link #change} runs its work under the engine's one lock on copies of the cursors it names and puts them back
 * only when the work returns, so that work that throws changes nothing — the transaction the contract asks for.
 */
final class InMemoryLeaseStore implements LeaseStore {

    private static final Comparator<EventName> NAME_ORDER = Comparator.comparing(EventName::value, Memory.BYTE_ORDER);

    private final Memory memory;

    InMemoryLeaseStore(Memory memory) {
        this.memory = memory;
    }

    @Override
    public Optional<Snapshot> peek(ConsumerId consumer, StreamName stream, EventName name, int inFlightAtMost) {
        synchronized (memory) {
            Optional<Sequence> last = lastSequence(stream, name);
            if (last.isEmpty()) {
                return Optional.empty();
            }
            Memory.CursorKey key = new Memory.CursorKey(stream, name, consumer);
            Instant now = memory.clock.instant();
            LeaseCursor cursor = cursor(key, last.get());
            Collection<LeaseEntry> entries = entriesOf(key).values();
            Optional<Instant> nextLeasableAt = entries.stream()
                    .filter(entry -> entry.state().unfinished() && entry.until().isAfter(now))
                    .map(LeaseEntry::until)
                    .min(Comparator.naturalOrder());
            return Optional.of(new Snapshot(now, cursor, inFlight(entries, cursor.offset(), now, inFlightAtMost),
                    entries.stream().anyMatch(entry -> entry.isLeasableAt(now) && entry.isLiveAbove(cursor.offset())),
                    nextLeasableAt));
        }
    }

    @Override
    public <T> T change(ConsumerId consumer, StreamName stream, Collection<EventName> names,
                        Function<Map<EventName, Leases>, T> work) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a change needs at least one event name");
        }
        synchronized (memory) {
            Map<EventName, View> views = new LinkedHashMap<>();
            for (EventName name : names.stream().distinct().sorted(NAME_ORDER).toList()) {
                Sequence last = lastSequence(stream, name).orElseThrow(() -> new IllegalArgumentException(
                        "no events named " + name + " in stream " + stream));
                Memory.CursorKey key = new Memory.CursorKey(stream, name, consumer);
                views.put(name, new View(key, memory.clock.instant(), cursor(key, last),
                        new TreeMap<>(entriesOf(key))));
            }
            T result = work.apply(Collections.unmodifiableMap(views));
            for (View view : views.values()) {
                view.commit();
            }
            return result;
        }
    }

    @Override
    public Map<EventId, EventPosition> find(ConsumerId consumer, StreamName stream, Collection<EventId> events) {
        synchronized (memory) {
            Map<EventId, EventPosition> found = new HashMap<>();
            memory.leases.forEach((key, entries) -> {
                if (key.stream().equals(stream) && key.consumer().equals(consumer)) {
                    for (LeaseEntry entry : entries.values()) {
                        if (events.contains(entry.eventId())) {
                            found.put(entry.eventId(), new EventPosition(key.eventName(), entry.sequence()));
                        }
                    }
                }
            });
            return found;
        }
    }

    @Override
    public List<LeaseEntry> deadLetters(ConsumerId consumer, StreamName stream, EventName name, Sequence after,
                                        int limit) {
        synchronized (memory) {
            return entriesOf(new Memory.CursorKey(stream, name, consumer)).tailMap(after, false).values().stream()
                    .filter(entry -> entry.state() == LeaseState.DEAD_LETTERED)
                    .limit(Math.max(0, limit))
                    .toList();
        }
    }

    @Override
    public Map<ConsumerLag.Position, LeaseCounts> counts(StreamName stream,
                                                         Collection<ConsumerLag.Position> cursors) {
        synchronized (memory) {
            Instant now = memory.clock.instant();
            Map<ConsumerLag.Position, LeaseCounts> counts = new HashMap<>();
            for (ConsumerLag.Position position : cursors) {
                Memory.CursorKey key = new Memory.CursorKey(stream, position.eventName(), position.consumer());
                Memory.StoredCursor cursor = memory.cursors.get(key);
                if (cursor == null || !cursor.hasLeases()) {
                    continue;
                }
                Collection<LeaseEntry> entries = entriesOf(key).values();
                counts.put(position, new LeaseCounts(inFlight(entries, cursor.offset(), now, Integer.MAX_VALUE),
                        entries.stream().filter(entry -> entry.state() == LeaseState.DEAD_LETTERED).count()));
            }
            return counts;
        }
    }

    private Optional<Sequence> lastSequence(StreamName stream, EventName name) {
        return Optional.ofNullable(memory.streams.get(stream)).map(stored -> stored.lastSequence(name))
                .filter(last -> last.value() > 0);
    }

    /** The cursor as stored, offset 0 when there is none. */
    private LeaseCursor cursor(Memory.CursorKey key, Sequence lastSequence) {
        Memory.StoredCursor stored = memory.cursors.get(key);
        // what retention removed counts as leased and done: it has no entry and is never leased (ADR 60)
        Sequence removedThrough = new Sequence(memory.streams.get(key.stream()).first(key.eventName()) - 1);
        return stored == null ? new LeaseCursor(Sequence.ZERO, removedThrough, lastSequence)
                : new LeaseCursor(stored.offset(), stored.leasedThrough().isAfter(removedThrough)
                        ? stored.leasedThrough() : removedThrough, lastSequence);
    }

    private TreeMap<Sequence, LeaseEntry> entriesOf(Memory.CursorKey key) {
        return memory.leases.getOrDefault(key, new TreeMap<>());
    }

    /** Live entries under an unexpired lease at {@code now}, counted up to {@code atMost}. */
    private static int inFlight(Collection<LeaseEntry> entries, Sequence offset, Instant now, int atMost) {
        return (int) entries.stream().filter(entry -> entry.isLeasedAt(now) && entry.isLiveAbove(offset))
                .limit(Math.max(0, atMost)).count();
    }

    /** One cursor in a change: copies of its cursor and entries, put back by {@link #commit}. */
    private final class View implements Leases {

        private final Memory.CursorKey key;
        private final Instant now;
        private final Sequence storedOffset;
        private final TreeMap<Sequence, LeaseEntry> entries;
        private LeaseCursor cursor;

        View(Memory.CursorKey key, Instant now, LeaseCursor cursor, TreeMap<Sequence, LeaseEntry> entries) {
            this.key = key;
            this.now = now;
            this.cursor = cursor;
            this.storedOffset = cursor.offset();
            this.entries = entries;
        }

        /** The cursor exists from the change on (created at offset 0); its time moves when its offset does. */
        void commit() {
            Memory.StoredCursor stored = memory.cursors.get(key);
            Instant acknowledgedAt = stored != null && cursor.offset().equals(storedOffset)
                    ? stored.acknowledgedAt() : now;
            memory.cursors.put(key, new Memory.StoredCursor(cursor.offset(), acknowledgedAt,
                    cursor.leasedThrough()));
            if (entries.isEmpty()) {
                memory.leases.remove(key);
            } else {
                memory.leases.put(key, entries);
            }
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public LeaseCursor cursor() {
            return cursor;
        }

        @Override
        public int inFlight(Instant at, int atMost) {
            return InMemoryLeaseStore.inFlight(entries.values(), cursor.offset(), at, atMost);
        }

        @Override
        public List<LeaseEntry> leasable(Instant at, int limit) {
            return entries.values().stream()
                    .filter(entry -> entry.isLeasableAt(at) && entry.isLiveAbove(cursor.offset()))
                    .limit(Math.max(0, limit))
                    .toList();
        }

        @Override
        public Map<Sequence, LeaseEntry> entries(Collection<Sequence> sequences) {
            Map<Sequence, LeaseEntry> found = new HashMap<>();
            for (Sequence sequence : sequences) {
                LeaseEntry entry = entries.get(sequence);
                if (entry != null) {
                    found.put(sequence, entry);
                }
            }
            return found;
        }

        @Override
        public Optional<Sequence> firstUnfinishedAfter(Sequence after) {
            return entries.tailMap(after, false).values().stream()
                    .filter(entry -> entry.state().unfinished())
                    .map(LeaseEntry::sequence)
                    .findFirst();
        }

        @Override
        public void leaseFresh(LeaseDecision.FreshLeases fresh) {
            if (!fresh.from().isAfter(cursor.leasedThrough()) || !fresh.from().isAfter(cursor.offset())) {
                throw new IllegalArgumentException("events at or below " + cursor.leasedThrough().value()
                        + " were leased before");
            }
            List<RecordedEvent> events = memory.streams.get(key.stream()).events(key.eventName());
            if (fresh.through().value() > events.size()) {
                throw new IllegalStateException("events " + fresh.from().value() + ".." + fresh.through().value()
                        + " leased: only " + events.size() + " exist; the lease state is not what the rules expected");
            }
            for (long sequence = fresh.from().value(); sequence <= fresh.through().value(); sequence++) {
                Sequence at = new Sequence(sequence);
                if (entries.containsKey(at)) {
                    throw new IllegalStateException("event " + sequence + " has an entry already; the lease state"
                            + " is not what the rules expected");
                }
                entries.put(at, LeaseEntry.of(at, events.get((int) sequence - 1).id(), LeaseState.LEASED, 1,
                        fresh.until(), false));
            }
            cursor = cursor.withLeasedThrough(fresh.through());
        }

        @Override
        public void put(Collection<LeaseEntry> changed) {
            List<LeaseEntry> stored = new ArrayList<>(changed.size());
            for (LeaseEntry entry : changed) {
                LeaseEntry before = entries.get(entry.sequence());
                if (before == null) {
                    throw new IllegalStateException("event " + entry.sequence().value() + " has no entry to store;"
                            + " the lease state is not what the rules expected");
                }
                // the sequence and event id of an entry never change
                stored.add(new LeaseEntry(before.sequence(), before.eventId(), entry.state(), entry.deliveries(),
                        entry.until(), entry.deadLetteredAt(), entry.retried()));
            }
            for (LeaseEntry entry : stored) {
                entries.put(entry.sequence(), entry);
            }
        }

        @Override
        public void remove(Collection<Sequence> sequences) {
            sequences.forEach(entries::remove);
        }

        @Override
        public void endLeasesThrough(Sequence through) {
            entries.headMap(through, true).values()
                    .removeIf(entry -> entry.state() != LeaseState.DEAD_LETTERED);
        }

        @Override
        public void removeAfter(Sequence after) {
            entries.tailMap(after, false).clear();
        }

        @Override
        public void setCursor(Sequence offset, Sequence leasedThrough) {
            cursor = new LeaseCursor(Objects.requireNonNull(offset, "offset"),
                    Objects.requireNonNull(leasedThrough, "leasedThrough"), cursor.lastSequence());
        }
    }
}

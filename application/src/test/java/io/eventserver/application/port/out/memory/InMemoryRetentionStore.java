package io.eventserver.application.port.out.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.eventserver.application.model.Removal;
import io.eventserver.application.port.out.RetentionStore;
import io.eventserver.domain.consumer.LeaseEntry;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.retention.Retention;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;

/** {@link RetentionStore} in memory: the rules of {@code PostgresRetentionStore}, under the memory's monitor. */
final class InMemoryRetentionStore implements RetentionStore {

    private final Memory memory;

    InMemoryRetentionStore(Memory memory) {
        this.memory = memory;
    }

    @Override
    public Optional<Retention> find(StreamName stream) {
        synchronized (memory) {
            return Optional.ofNullable(stored(stream).retention);
        }
    }

    @Override
    public void save(StreamName stream, Retention retention) {
        synchronized (memory) {
            stored(stream).retention = retention;
        }
    }

    @Override
    public Map<EventName, Sequence> firstSequences(StreamName stream, Collection<EventName> names) {
        synchronized (memory) {
            Memory.StoredStream stored = memory.streams.get(stream);
            Map<EventName, Sequence> first = new LinkedHashMap<>();
            if (stored != null) {
                for (EventName name : names) {
                    if (stored.byName.containsKey(name)) {
                        first.put(name, new Sequence(stored.first(name)));
                    }
                }
            }
            return first;
        }
    }

    @Override
    public List<Removal> removeExpired(Retention defaults, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be >= 1");
        }
        synchronized (memory) {
            Instant now = memory.clock.instant();
            List<Removal> removals = new ArrayList<>();
            for (Memory.StoredStream stored : memory.streams.values()) {
                Retention retention = stored.retention == null ? defaults : stored.retention;
                long events = 0;
                long expired = 0;
                for (EventName name : stored.byName.keySet()) {
                    long[] counts = remove(stored, name, retention, now, maxEvents);
                    events += counts[0];
                    expired += counts[1];
                }
                if (events > 0) {
                    removals.add(new Removal(stored.stream.name(), events, expired));
                }
            }
            return removals;
        }
    }

    private long[] remove(Memory.StoredStream stored, EventName name, Retention retention, Instant now, int step) {
        List<RecordedEvent> events = stored.events(name);
        long first = stored.first(name);
        long last = events.size();
        long cut = first;
        if (retention.maxEvents().isPresent()) {
            cut = Math.max(cut, last - retention.maxEvents().get() + 1);
        }
        if (retention.maxAge().isPresent()) {
            Instant oldest = now.minus(retention.maxAge().get().duration());
            long young = first;
            while (young <= last && young < first + step && events.get((int) young - 1).receivedAt().isBefore(oldest)) {
                young++;
            }
            cut = Math.max(cut, young);
        }
        cut = Math.min(cut, Math.min(first + step, last + 1));
        if (cut <= first) {
            return new long[2];
        }
        long expired = 0;
        for (Map.Entry<Memory.CursorKey, Memory.StoredCursor> cursor : memory.cursors.entrySet()) {
            Memory.CursorKey key = cursor.getKey();
            if (!key.stream().equals(stored.stream.name()) || !key.eventName().equals(name)) {
                continue;
            }
            long done = Math.max(cursor.getValue().offset().value(), cursor.getValue().leasedThrough().value());
            long count = Math.max(0, cut - Math.max(first, done + 1));
            TreeMap<Sequence, LeaseEntry> entries = memory.leases.get(key);
            if (entries != null) {
                count += entries.subMap(new Sequence(first), new Sequence(cut)).size();
                entries.headMap(new Sequence(cut)).clear();
            }
            if (count > 0) {
                memory.expiredUnacknowledged.merge(key, count, Long::sum);
                expired += count;
            }
        }
        Set<EventId> removed = new HashSet<>();
        for (long sequence = first; sequence < cut; sequence++) {
            EventId id = events.get((int) sequence - 1).id();
            removed.add(id);
            memory.events.remove(id);
        }
        stored.keys.values().removeIf(publish -> publish.ids().stream().anyMatch(removed::contains));
        stored.firstSequence.put(name, cut);
        return new long[] {cut - first, expired};
    }

    private Memory.StoredStream stored(StreamName stream) {
        Memory.StoredStream stored = memory.streams.get(stream);
        if (stored == null) {
            throw new StreamNotFound(stream);
        }
        return stored;
    }
}

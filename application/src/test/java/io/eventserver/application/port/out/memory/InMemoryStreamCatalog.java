package io.eventserver.application.port.out.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.EventNameSummary;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.StreamName;

/** {@link StreamCatalog} in memory: each answer computed from the stored events and cursors, under one lock. */
final class InMemoryStreamCatalog implements StreamCatalog {

    private static final Comparator<EventName> NAME_ORDER = Comparator.comparing(EventName::value, Memory.BYTE_ORDER);
    private static final Comparator<ConsumerLag.Position> POSITION_ORDER = Comparator
            .comparing(ConsumerLag.Position::eventName, NAME_ORDER)
            .thenComparing(position -> position.consumer().value(), Memory.BYTE_ORDER);

    private final Memory memory;

    InMemoryStreamCatalog(Memory memory) {
        this.memory = memory;
    }

    @Override
    public List<StreamSummary> streams(Optional<StreamName> after, int limit, int recentNames) {
        synchronized (memory) {
            return memory.streams.values().stream()
                    .filter(stored -> after.isEmpty()
                            || Memory.BYTE_ORDER.compare(stored.stream.name().value(), after.get().value()) > 0)
                    .sorted(Comparator.comparing(stored -> stored.stream.name().value(), Memory.BYTE_ORDER))
                    .limit(limit)
                    .map(stored -> summary(stored, recentNames))
                    .toList();
        }
    }

    @Override
    public Optional<StreamSummary> stream(StreamName name, int recentNames) {
        synchronized (memory) {
            return Optional.ofNullable(memory.streams.get(name)).map(stored -> summary(stored, recentNames));
        }
    }

    @Override
    public List<EventNameSummary> eventNames(StreamName stream, Optional<EventName> after, int limit) {
        synchronized (memory) {
            Memory.StoredStream stored = memory.streams.get(stream);
            if (stored == null) {
                return List.of();
            }
            return stored.byName.keySet().stream()
                    .filter(name -> after.isEmpty() || NAME_ORDER.compare(name, after.get()) > 0)
                    .sorted(NAME_ORDER)
                    .limit(limit)
                    .map(name -> new EventNameSummary(name, stored.lastSequence(name)))
                    .toList();
        }
    }

    @Override
    public List<ConsumerLag> consumerLags(StreamName stream, Optional<ConsumerLag.Position> after, int limit) {
        synchronized (memory) {
            return memory.cursors.keySet().stream()
                    .filter(key -> key.stream().equals(stream))
                    .map(key -> new ConsumerLag.Position(key.eventName(), key.consumer()))
                    .filter(position -> after.isEmpty() || POSITION_ORDER.compare(position, after.get()) > 0)
                    .sorted(POSITION_ORDER)
                    .limit(limit)
                    .map(position -> lag(new Memory.CursorKey(stream, position.eventName(), position.consumer())))
                    .toList();
        }
    }

    @Override
    public List<ConsumerLag> largestLags(int limit) {
        synchronized (memory) {
            return memory.cursors.keySet().stream()
                    .map(this::lag)
                    .sorted(Comparator.comparingLong(ConsumerLag::lag).reversed()
                            .thenComparing(lag -> lag.stream().value(), Memory.BYTE_ORDER)
                            .thenComparing(ConsumerLag::position, POSITION_ORDER))
                    .limit(limit)
                    .toList();
        }
    }

    private ConsumerLag lag(Memory.CursorKey key) {
        Memory.StoredCursor cursor = memory.cursors.get(key);
        Memory.StoredStream stored = memory.streams.get(key.stream());
        List<RecordedEvent> events = stored.events(key.eventName());
        long first = stored.first(key.eventName());
        long behind = Math.max(cursor.offset().value(), first - 1);
        Optional<Instant> oldest = behind < events.size()
                ? Optional.of(events.get((int) behind).receivedAt())
                : Optional.empty();
        return new ConsumerLag(key.stream(), key.consumer(), key.eventName(), cursor.offset(),
                cursor.acknowledgedAt(), stored.lastSequence(key.eventName()), oldest, new Sequence(first),
                memory.expiredUnacknowledged.getOrDefault(key, 0L));
    }

    /** The counts of the names with the newest events (the newest first, ties by name), and of all. */
    private static StreamSummary summary(Memory.StoredStream stored, int recentNames) {
        Comparator<Map.Entry<EventName, List<RecordedEvent>>> newestFirst = Comparator
                .comparing((Map.Entry<EventName, List<RecordedEvent>> entry) -> entry.getValue().getLast()
                        .receivedAt()).reversed()
                .thenComparing(Map.Entry::getKey, NAME_ORDER);
        Map<EventName, Long> counts = new LinkedHashMap<>();
        stored.byName.entrySet().stream().sorted(newestFirst).limit(recentNames)
                .forEach(entry -> counts.put(entry.getKey(), (long) entry.getValue().size()));
        long eventCount = stored.byName.values().stream().mapToLong(List::size).sum();
        Optional<Instant> lastEventAt = stored.byName.values().stream().map(events -> events.getLast().receivedAt())
                .max(Comparator.naturalOrder());
        return new StreamSummary(stored.stream.name(), stored.stream.owner(), stored.createdAt, counts,
                stored.byName.size(), eventCount, lastEventAt);
    }
}

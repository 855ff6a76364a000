package io.eventserver.application.port.out.memory;

import java.util.Optional;

import io.eventserver.application.port.out.CursorStore;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.stream.StreamName;

/** {@link CursorStore} in memory, under the engine's one lock. */
final class InMemoryCursorStore implements CursorStore {

    private final Memory memory;

    InMemoryCursorStore(Memory memory) {
        this.memory = memory;
    }

    @Override
    public Optional<ConsumerCursor> find(ConsumerId consumer, StreamName stream, EventName eventName) {
        synchronized (memory) {
            return Optional.ofNullable(memory.cursors.get(new Memory.CursorKey(stream, eventName, consumer)))
                    .map(stored -> ConsumerCursor.at(consumer, stream, eventName, stored.offset(),
                            stored.leasedThrough()));
        }
    }

    @Override
    public boolean save(ConsumerCursor cursor) {
        return store(cursor, true);
    }

    @Override
    public boolean overwrite(ConsumerCursor cursor) {
        return store(cursor, false);
    }

    @Override
    public boolean deleteConsumer(ConsumerId consumer, StreamName stream) {
        synchronized (memory) {
            boolean cursors = memory.cursors.keySet()
                    .removeIf(key -> key.stream().equals(stream) && key.consumer().equals(consumer));
            boolean leases = memory.leases.keySet()
                    .removeIf(key -> key.stream().equals(stream) && key.consumer().equals(consumer));
            return cursors || leases;
        }
    }

    /** Leaves a cursor with leases alone: only the lease rules move it (ADR 52). */
    private boolean store(ConsumerCursor cursor, boolean forwardOnly) {
        synchronized (memory) {
            Memory.CursorKey key = key(cursor);
            Memory.StoredCursor stored = memory.cursors.get(key);
            if (stored != null && stored.hasLeases()) {
                return false;
            }
            if (stored == null || !forwardOnly || cursor.offset().isAfter(stored.offset())) {
                memory.cursors.put(key, new Memory.StoredCursor(cursor.offset(), memory.clock.instant()));
            }
            return true;
        }
    }

    /** The cursor's key, once its (stream, event name) is known to have events. */
    private Memory.CursorKey key(ConsumerCursor cursor) {
        Memory.StoredStream stream = memory.streams.get(cursor.stream());
        if (stream == null || stream.events(cursor.eventName()).isEmpty()) {
            throw new IllegalArgumentException("stream " + cursor.stream() + " has no events of "
                    + cursor.eventName());
        }
        return new Memory.CursorKey(cursor.stream(), cursor.eventName(), cursor.consumer());
    }
}

package io.eventserver.application.port.out.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.eventserver.application.port.out.AppendResult;
import io.eventserver.application.port.out.AppendSignals;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.StreamClaimedConcurrently;
import io.eventserver.application.port.out.StreamDeletedConcurrently;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.KeyedPublish;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.TooManyEventNames;

/** {@link EventStore} in memory: an append is checked whole, then stored whole, under the engine's one lock. */
final class InMemoryEventStore implements EventStore {

    private final Memory memory;

    InMemoryEventStore(Memory memory) {
        this.memory = memory;
    }

    @Override
    public Optional<Stream> findStream(StreamName name) {
        synchronized (memory) {
            return Optional.ofNullable(memory.streams.get(name)).map(stored -> stored.stream);
        }
    }

    @Override
    public AppendResult append(EventsAppended appended, Optional<Idempotency> idempotency) {
        Stream stream = appended.stream();
        List<RecordedEvent> recorded = new ArrayList<>(appended.events().size());
        synchronized (memory) {
            Memory.StoredStream stored = memory.streams.get(stream.name());
            if (stream.isClaimedNow() && stored != null) {
                throw new StreamClaimedConcurrently(stream.name());
            }
            if (!stream.isClaimedNow() && (stored == null || !stored.stream.owner().equals(stream.owner()))) {
                // never created, or deleted (and perhaps claimed anew) since the caller found it (ADR 62)
                throw new StreamDeletedConcurrently(stream.name());
            }
            int names = stored == null ? 0 : stored.byName.size();
            long newNames = appended.eventNames().stream()
                    .filter(name -> stored == null || !stored.byName.containsKey(name)).count();
            if (names + newNames > memory.maxEventNames) {
                throw new TooManyEventNames(stream.name(), names);
            }
            Memory.KeyScope scope = idempotency.map(key -> new Memory.KeyScope(stream.owner(), key.key()))
                    .orElse(null);
            if (stored != null && scope != null) {
                KeyedPublish first = stored.keys.get(scope);
                if (first != null) {
                    return new AppendResult.Replayed(idempotency.get().replay(first));
                }
            }
            appended.requireLast(stored == null ? Sequence.ZERO : stored.lastSequence(appended.firstEventName()));
            for (EventId id : appended.ids()) {
                if (memory.events.containsKey(id)) {
                    throw new IllegalArgumentException("event id " + id.value() + " is taken");
                }
            }
            Memory.StoredStream target = stored != null ? stored
                    : new Memory.StoredStream(stream.name(), stream.owner(), memory.clock.instant());
            memory.streams.putIfAbsent(stream.name(), target);
            for (EventAppended event : appended.events()) {
                List<RecordedEvent> ofName = target.byName.computeIfAbsent(event.draft().name(),
                        ignored -> new ArrayList<>());
                RecordedEvent record = new RecordedEvent(event.id(), event.draft().name(),
                        new Sequence(ofName.size() + 1L), memory.clock.instant(), event.draft().document(),
                        event.draft().trace());
                ofName.add(record);
                memory.events.put(event.id(), new Memory.Located(stream.name(), record));
                recorded.add(record);
            }
            if (scope != null) {
                target.keys.put(scope, idempotency.get().storedAs(appended.ids()));
            }
        }
        for (EventName name : appended.eventNames()) {
            for (AppendSignals.Listener listener : memory.listeners) {
                listener.appended(stream.name(), name);
            }
        }
        return new AppendResult.Appended(recorded);
    }

    @Override
    public boolean deleteStream(StreamName name) {
        synchronized (memory) {
            Memory.StoredStream stored = memory.streams.remove(name);
            if (stored == null) {
                return false;
            }
            stored.byName.values().forEach(events -> events.forEach(event -> memory.events.remove(event.id())));
            memory.cursors.keySet().removeIf(key -> key.stream().equals(name));
            memory.leases.keySet().removeIf(key -> key.stream().equals(name));
            if (memory.schemas.keySet().removeIf(key -> key.getFirst().equals(name.value()))) {
                memory.schemaRevision++;
            }
            return true;
        }
    }

    @Override
    public boolean redact(StreamName stream, EventId id, EventDocument redacted) {
        synchronized (memory) {
            Memory.Located located = memory.events.get(id);
            if (located == null || !located.stream().equals(stream)) {
                return false;
            }
            RecordedEvent event = located.event();
            RecordedEvent erased = new RecordedEvent(id, event.name(), event.sequence(), event.receivedAt(), redacted);
            memory.streams.get(stream).byName.get(event.name()).set((int) event.sequence().value() - 1, erased);
            memory.events.put(id, new Memory.Located(stream, erased));
            return true;
        }
    }

    @Override
    public Optional<EventPosition> findPosition(StreamName stream, EventId id) {
        return findEvent(stream, id).map(event -> new EventPosition(event.name(), event.sequence()));
    }

    @Override
    public Optional<RecordedEvent> findEvent(StreamName stream, EventId id) {
        synchronized (memory) {
            return Optional.ofNullable(memory.events.get(id)).filter(located -> located.stream().equals(stream))
                    .map(Memory.Located::event);
        }
    }

    @Override
    public Optional<Sequence> lastSequence(StreamName stream, EventName name) {
        synchronized (memory) {
            return Optional.ofNullable(memory.streams.get(stream)).map(stored -> stored.lastSequence(name))
                    .filter(last -> last.value() > 0);
        }
    }

    @Override
    public List<RecordedEvent> readAfter(StreamName stream, EventName name, Sequence after, int limit) {
        synchronized (memory) {
            Memory.StoredStream stored = memory.streams.get(stream);
            if (stored == null) {
                return List.of();
            }
            List<RecordedEvent> events = stored.events(name);
            int from = (int) Math.min(Math.max(after.value(), stored.first(name) - 1), events.size());
            return List.copyOf(events.subList(from, (int) Math.min(events.size(), (long) from + limit)));
        }
    }
}

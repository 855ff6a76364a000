package io.eventserver.application.port.out.memory;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.eventserver.application.port.out.SchemaStore;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.schema.SchemaVersionExists;
import io.eventserver.domain.stream.StreamName;

final class InMemorySchemaStore implements SchemaStore {

    private final Memory memory;

    InMemorySchemaStore(Memory memory) {
        this.memory = memory;
    }

    @Override
    public Stored put(StreamName stream, EventName name, EventVersion version, String schema) {
        synchronized (memory) {
            SortedMap<EventVersion, String> versions = memory.schemas.computeIfAbsent(key(stream, name),
                    ignored -> new TreeMap<>());
            String stored = versions.putIfAbsent(version, schema);
            if (stored == null) {
                memory.schemaRevision++;
                return Stored.CREATED;
            }
            if (!stored.equals(schema)) {
                throw new SchemaVersionExists(name, version);
            }
            return Stored.UNCHANGED;
        }
    }

    @Override
    public Optional<String> find(StreamName stream, EventName name, EventVersion version) {
        synchronized (memory) {
            return Optional.ofNullable(memory.schemas.getOrDefault(key(stream, name), new TreeMap<>()).get(version));
        }
    }

    @Override
    public SortedMap<EventVersion, String> all(StreamName stream, EventName name) {
        synchronized (memory) {
            return new TreeMap<>(memory.schemas.getOrDefault(key(stream, name), new TreeMap<>()));
        }
    }

    @Override
    public boolean delete(StreamName stream, EventName name, EventVersion version) {
        synchronized (memory) {
            SortedMap<EventVersion, String> versions = memory.schemas.get(key(stream, name));
            if (versions == null || versions.remove(version) == null) {
                return false;
            }
            memory.schemaRevision++;
            return true;
        }
    }

    @Override
    public long revision() {
        synchronized (memory) {
            return memory.schemaRevision;
        }
    }

    private static List<String> key(StreamName stream, EventName name) {
        return List.of(stream.value(), name.value());
    }
}

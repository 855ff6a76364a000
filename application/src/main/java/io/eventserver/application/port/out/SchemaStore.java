package io.eventserver.application.port.out;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.stream.StreamName;

/**
 * The JSON Schemas of event payloads, per (stream, event name, version) (issue 26, ADR 66). A version, once stored,
 * keeps its document until it is deleted. The contract every implementation must pass is
 * {@code SchemaStoreContractTest} in this module's test sources.
 */
public interface SchemaStore {

    /** What {@link #put} did. */
    enum Stored { CREATED, UNCHANGED }

    /**
     * Stores the schema of this version unless the version is stored; atomically, also against other processes.
     *
     * @return {@link Stored#CREATED}, or {@link Stored#UNCHANGED} when the same document is stored
     * @throws io.eventserver.domain.schema.SchemaVersionExists when another document is stored for the version
     */
    Stored put(StreamName stream, EventName name, EventVersion version, String schema);

    Optional<String> find(StreamName stream, EventName name, EventVersion version);

    /** Every schema of the event name, by version; empty when it has none. */
    SortedMap<EventVersion, String> all(StreamName stream, EventName name);

    /** The versions that have a schema, ascending. */
    default List<EventVersion> versions(StreamName stream, EventName name) {
        return List.copyOf(all(stream, name).keySet());
    }

    /** @return false when there was no such schema */
    boolean delete(StreamName stream, EventName name, EventVersion version);

    /**
     * A number that changes whenever a schema is stored or deleted, by any process on this storage: a node that
     * caches schemas compares it to learn of other nodes' changes. Cheap: it is read a few times a second.
     */
    long revision();
}

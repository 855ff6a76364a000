package io.eventserver.adapters.postgres.streams;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.eventserver.adapters.postgres.sql.HotStatements;
import io.eventserver.adapters.postgres.sql.Statements;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;

/**
 * Stream names to ids and owners, and (stream, event name) pairs to their {@code event_sequences} ids, cached: these
 * never change and are never deleted, so a cached entry can never be wrong. Only committed rows are cached (misses
 * are not), and each cache is emptied when it exceeds {@link #LIMIT} entries, so memory stays bounded.
 */
public final class StreamDirectory {

    static final int LIMIT = 100_000;

    private record Entry(long id, ProducerId owner) {
    }

    private record SequenceKey(String stream, String eventName) {
    }

    private final HotStatements sql;
    private final Map<String, Entry> streams = new ConcurrentHashMap<>();
    private final Map<SequenceKey, Long> sequenceIds = new ConcurrentHashMap<>();

    public StreamDirectory(HotStatements sql) {
        this.sql = sql;
    }

    public Optional<Stream> find(StreamName name) {
        Entry cached = streams.get(name.value());
        if (cached != null) {
            return Optional.of(Stream.owned(name, cached.owner()));
        }
        return sql.one(Statements.FIND_STREAM, statement -> statement.setString(1, name.value()), row -> {
            Entry entry = new Entry(row.getLong(1), new ProducerId(row.getString(2)));
            put(streams, name.value(), entry);
            return Stream.owned(name, entry.owner());
        });
    }

    /** The {@code event_sequences} id of this (stream, event name); empty while the stream has no such event. */
    public Optional<Long> sequenceId(StreamName stream, EventName eventName) {
        SequenceKey key = new SequenceKey(stream.value(), eventName.value());
        Long cached = sequenceIds.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Long> id = sql.one(Statements.FIND_SEQUENCE_ID, statement -> {
            statement.setString(1, key.stream());
            statement.setString(2, key.eventName());
        }, row -> row.getLong(1));
        id.ifPresent(found -> put(sequenceIds, key, found));
        return id;
    }

    /** Whether this (stream, event name) is known to have its counter row, committed. */
    public boolean isKnown(String stream, String eventName) {
        return sequenceIds.containsKey(new SequenceKey(stream, eventName));
    }

    /** Remembers an {@code event_sequences} id; call only once the row is committed. */
    public void sequenceCommitted(String stream, String eventName, long id) {
        SequenceKey key = new SequenceKey(stream, eventName);
        if (!Long.valueOf(id).equals(sequenceIds.get(key))) {
            put(sequenceIds, key, id);
        }
    }

    /** Adds the cached ids of these streams to {@code ids}; true when every one of them was cached. */
    public boolean cachedIds(List<String> names, Map<String, Long> ids) {
        boolean all = true;
        for (String name : names) {
            Entry cached = streams.get(name);
            if (cached != null) {
                ids.put(name, cached.id());
            } else {
                all = false;
            }
        }
        return all;
    }

    /** Adds the ids of these streams that {@code ids} lacks, cached or read on the caller's connection. */
    public void readIds(Connection connection, List<String> names, Map<String, Long> ids) throws SQLException {
        cachedIds(names, ids);
        String[] missing = names.stream().filter(name -> !ids.containsKey(name)).toArray(String[]::new);
        if (missing.length == 0) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(Statements.STREAM_IDS)) {
            statement.setArray(1, connection.createArrayOf("varchar", missing));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
    }

    private static <K, V> void put(Map<K, V> cache, K key, V value) {
        if (cache.size() >= LIMIT) {
            cache.clear();
        }
        cache.put(key, value);
    }
}

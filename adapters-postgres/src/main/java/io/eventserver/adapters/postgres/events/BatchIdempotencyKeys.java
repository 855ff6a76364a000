package io.eventserver.adapters.postgres.events;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.eventserver.adapters.postgres.events.AppendStatement.Append;
import io.eventserver.adapters.postgres.events.BatchWriter.Failed;
import io.eventserver.adapters.postgres.events.BatchWriter.Outcome;
import io.eventserver.adapters.postgres.events.BatchWriter.Stored;
import io.eventserver.adapters.postgres.sql.Statements;
import io.eventserver.application.port.out.AppendResult;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.IdempotencyKey;
import io.eventserver.domain.event.IdempotencyKeyReused;
import io.eventserver.domain.event.KeyedPublish;

/**
 * The idempotency keys of one group-commit batch (ADR 32), inside the batch's transaction: the keyed appends' keys
 * are inserted with the events' ids before the events are, so that the key and the events commit together or not
 * at all. A key that exists already answers its append from the stored row, by the domain's rule
 * ({@link Idempotency#replay}: the same ids when the fingerprint matches, a refusal when not), and that append
 * stores nothing. {@code insert … on conflict do nothing} waits for a concurrent transaction that inserted the same
 * key and then sees its row if it committed, so of concurrent identical requests exactly one stores. Appends of one
 * batch that repeat a key are answered after the commit, by the same rule, from what the key then holds.
 */
final class BatchIdempotencyKeys {

    private record Key(long streamId, String producer, String key) {
    }

    /** Appends of this batch that repeat a key of an earlier append of it: follower index → leader index. */
    private final Map<Integer, Integer> followers = new HashMap<>();

    /** What the keys found stored before this batch hold, by the index of the append that found them. */
    private final Map<Integer, KeyedPublish> found = new HashMap<>();

    /**
     * Inserts the keys of the appends at {@code goAhead} and answers the ones whose key exists; returns the indexes
     * of the appends whose events are to be stored.
     */
    List<Integer> claim(Connection connection, List<Append> batch, List<Integer> goAhead, Map<String, Long> streamIds,
                        Outcome<AppendResult>[] results) throws SQLException {
        Map<Key, Integer> leaders = new LinkedHashMap<>();
        List<Integer> unkeyed = new ArrayList<>();
        for (int index : goAhead) {
            Append append = batch.get(index);
            if (append.idempotency().isEmpty()) {
                unkeyed.add(index);
                continue;
            }
            Integer leader = leaders.putIfAbsent(key(append, streamIds), index);
            if (leader != null) {
                followers.put(index, leader);
            }
        }
        if (leaders.isEmpty()) {
            return goAhead;
        }
        Set<Key> inserted = insert(connection, batch, leaders);
        Map<Key, KeyedPublish> existing = inserted.size() == leaders.size()
                ? Map.of()
                : find(connection, leaders.keySet().stream().filter(key -> !inserted.contains(key)).toList());
        List<Integer> store = new ArrayList<>(unkeyed);
        for (Map.Entry<Key, Integer> leader : leaders.entrySet()) {
            if (inserted.contains(leader.getKey())) {
                store.add(leader.getValue());
                continue;
            }
            KeyedPublish first = existing.get(leader.getKey());
            if (first == null) {
                throw new IllegalStateException("idempotency key neither inserted nor found: " + leader.getKey());
            }
            found.put(leader.getValue(), first);
            results[leader.getValue()] = replay(batch.get(leader.getValue()).idempotency().orElseThrow(), first);
        }
        store.sort(null);
        return store;
    }

    /**
     * Answers the appends that repeated a key of their own batch, once the batch has committed: by the rule, from
     * what the key holds now — the row found before the batch, or what the first append with the key stored. When
     * that one failed and the key holds nothing, they fail as it did.
     */
    void answerFollowers(List<Append> batch, Outcome<AppendResult>[] results) {
        for (Map.Entry<Integer, Integer> follower : followers.entrySet()) {
            int leader = follower.getValue();
            KeyedPublish first = found.get(leader);
            if (first == null && results[leader] instanceof Stored<AppendResult> stored) {
                first = batch.get(leader).idempotency().orElseThrow().storedAs(stored.value().ids());
            }
            results[follower.getKey()] = first == null
                    ? results[leader]
                    : replay(batch.get(follower.getKey()).idempotency().orElseThrow(), first);
        }
    }

    private static Outcome<AppendResult> replay(Idempotency idempotency, KeyedPublish first) {
        try {
            return new Stored<>(new AppendResult.Replayed(idempotency.replay(first)));
        } catch (IdempotencyKeyReused refused) {
            return new Failed<>(refused);
        }
    }

    private static Key key(Append append, Map<String, Long> streamIds) {
        return new Key(streamIds.get(append.stream().name().value()), append.stream().owner().value(),
                append.idempotency().orElseThrow().key().value());
    }

    private static Set<Key> insert(Connection connection, List<Append> batch, Map<Key, Integer> leaders)
            throws SQLException {
        int size = leaders.size();
        Long[] streams = new Long[size];
        String[] producers = new String[size];
        String[] keys = new String[size];
        String[] fingerprints = new String[size];
        String[] eventIds = new String[size];
        int i = 0;
        for (Map.Entry<Key, Integer> leader : leaders.entrySet()) {
            Append append = batch.get(leader.getValue());
            streams[i] = leader.getKey().streamId();
            producers[i] = leader.getKey().producer();
            keys[i] = leader.getKey().key();
            fingerprints[i] = append.idempotency().orElseThrow().fingerprint();
            eventIds[i++] = append.events().stream().map(event -> event.id().value().toString())
                    .collect(Collectors.joining(","));
        }
        Set<Key> inserted = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(Statements.CLAIM_KEYS)) {
            statement.setArray(1, connection.createArrayOf("bigint", streams));
            statement.setArray(2, connection.createArrayOf("varchar", producers));
            statement.setArray(3, connection.createArrayOf("varchar", keys));
            statement.setArray(4, connection.createArrayOf("varchar", fingerprints));
            statement.setArray(5, connection.createArrayOf("text", eventIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    inserted.add(new Key(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return inserted;
    }

    /** What the keys hold, each as the publish that stored it. */
    private static Map<Key, KeyedPublish> find(Connection connection, List<Key> wanted) throws SQLException {
        Map<Key, KeyedPublish> found = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(Statements.FIND_KEYS)) {
            statement.setArray(1, connection.createArrayOf("bigint",
                    wanted.stream().map(Key::streamId).toArray(Long[]::new)));
            statement.setArray(2, connection.createArrayOf("varchar",
                    wanted.stream().map(Key::producer).toArray(String[]::new)));
            statement.setArray(3, connection.createArrayOf("varchar",
                    wanted.stream().map(Key::key).toArray(String[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Array ids = rows.getArray(5);
                    found.put(new Key(rows.getLong(1), rows.getString(2), rows.getString(3)),
                            new Idempotency(new IdempotencyKey(rows.getString(3)), rows.getString(4))
                                    .storedAs(Arrays.stream((UUID[]) ids.getArray()).map(EventId::new).toList()));
                }
            }
        }
        return found;
    }
}

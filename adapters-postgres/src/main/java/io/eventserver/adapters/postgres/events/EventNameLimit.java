package io.eventserver.adapters.postgres.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.eventserver.adapters.postgres.events.AppendStatement.Append;
import io.eventserver.adapters.postgres.events.BatchWriter.Failed;
import io.eventserver.adapters.postgres.events.BatchWriter.Outcome;
import io.eventserver.adapters.postgres.sql.Statements;
import io.eventserver.adapters.postgres.streams.StreamDirectory;
import io.eventserver.application.port.out.AppendResult;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.stream.TooManyEventNames;

/**
 * The most event names a stream may have (issue 29, {@code api.max-event-names}), inside the batch's transaction.
 * Names the process knows to exist (their counter rows are cached) cost nothing: a batch of only such names takes
 * the fast path as before. A name not in the cache is looked up; only a name that is really new locks its stream's
 * row ({@code for no key update}: transactions adding names to one stream, on any process, take turns), counts the
 * stream's names after the lock — a new snapshot, so a concurrent transaction's names are seen once it committed —
 * and refuses, in the order of the batch, each append that would go beyond the maximum. A refused append stores
 * nothing: it is left out before its idempotency key or its events are written.
 */
final class EventNameLimit {

    private final int max;
    private final StreamDirectory streams;

    EventNameLimit(int max, StreamDirectory streams) {
        if (max < 1) {
            throw new IllegalArgumentException("the most event names of a stream must be at least 1");
        }
        this.max = max;
        this.streams = streams;
    }

    /** Whether every (stream, event name) of the batch is known to exist: then no name can be new. */
    boolean allKnown(List<Append> batch) {
        for (Append append : batch) {
            String stream = append.stream().name().value();
            for (EventAppended event : append.events()) {
                if (!streams.isKnown(stream, event.draft().name().value())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Refuses the appends that claim a stream with more names than the maximum — a new stream has none yet, and
     * only this batch can give it some — before the stream is created, so that a refused claim creates nothing.
     * Returns the indexes of the appends that go ahead.
     */
    List<Integer> refuseOversizedClaims(List<Append> batch, List<Integer> goAhead, Outcome<AppendResult>[] results) {
        Map<String, Set<String>> claimed = new HashMap<>();
        List<Integer> kept = new ArrayList<>(goAhead.size());
        for (int index : goAhead) {
            Append append = batch.get(index);
            if (!append.stream().isClaimedNow()) {
                kept.add(index);
                continue;
            }
            Set<String> before = claimed.getOrDefault(append.stream().name().value(), Set.of());
            Set<String> after = new HashSet<>(before);
            append.events().forEach(event -> after.add(event.draft().name().value()));
            if (after.size() > max) {
                results[index] = new Failed<>(new TooManyEventNames(append.stream().name(), before.size()));
            } else {
                claimed.put(append.stream().name().value(), after);
                kept.add(index);
            }
        }
        return kept;
    }

    /**
     * Refuses the appends to existing streams that would give their stream more names than the maximum; returns the
     * indexes of the appends that go ahead.
     */
    List<Integer> refuseBeyondTheMost(Connection connection, List<Append> batch, List<Integer> goAhead,
                                      Map<String, Long> streamIds, Outcome<AppendResult>[] results)
            throws SQLException {
        Map<Long, Set<String>> unknown = new LinkedHashMap<>();
        Map<Long, String> streamNames = new HashMap<>();
        for (int index : goAhead) {
            Append append = batch.get(index);
            if (append.stream().isClaimedNow()) {
                continue;
            }
            String stream = append.stream().name().value();
            long streamId = streamIds.get(stream);
            streamNames.put(streamId, stream);
            for (EventAppended event : append.events()) {
                String name = event.draft().name().value();
                if (!streams.isKnown(stream, name)) {
                    unknown.computeIfAbsent(streamId, ignored -> new LinkedHashSet<>()).add(name);
                }
            }
        }
        // most unknown names exist (a cache emptied, a process just started): found without a lock
        removeExisting(connection, unknown, streamNames);
        if (unknown.isEmpty()) {
            return goAhead;
        }
        lock(connection, unknown.keySet());
        removeExisting(connection, unknown, streamNames);
        if (unknown.isEmpty()) {
            return goAhead;
        }
        Map<Long, Long> counts = count(connection, unknown.keySet());
        Map<Long, Set<String>> added = new HashMap<>();
        List<Integer> kept = new ArrayList<>(goAhead.size());
        for (int index : goAhead) {
            Append append = batch.get(index);
            if (append.stream().isClaimedNow()) {
                kept.add(index);
                continue;
            }
            long streamId = streamIds.get(append.stream().name().value());
            Set<String> addedHere = added.computeIfAbsent(streamId, ignored -> new HashSet<>());
            Set<String> fresh = new HashSet<>();
            for (EventAppended event : append.events()) {
                String name = event.draft().name().value();
                if (unknown.getOrDefault(streamId, Set.of()).contains(name) && !addedHere.contains(name)) {
                    fresh.add(name);
                }
            }
            long names = counts.getOrDefault(streamId, 0L) + addedHere.size();
            if (names + fresh.size() > max) {
                results[index] = new Failed<>(new TooManyEventNames(append.stream().name(), names));
            } else {
                addedHere.addAll(fresh);
                kept.add(index);
            }
        }
        return kept;
    }

    /** Drops the pairs whose counter rows exist from {@code unknown}, and caches them (they are committed). */
    private void removeExisting(Connection connection, Map<Long, Set<String>> unknown, Map<Long, String> streamNames)
            throws SQLException {
        if (unknown.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        unknown.forEach((streamId, eventNames) -> eventNames.forEach(name -> {
            ids.add(streamId);
            names.add(name);
        }));
        try (PreparedStatement statement = connection.prepareStatement(Statements.FIND_EVENT_NAMES)) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray(Long[]::new)));
            statement.setArray(2, connection.createArrayOf("varchar", names.toArray(String[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long streamId = rows.getLong(1);
                    String name = rows.getString(2);
                    Set<String> left = unknown.get(streamId);
                    left.remove(name);
                    if (left.isEmpty()) {
                        unknown.remove(streamId);
                    }
                    streams.sequenceCommitted(streamNames.get(streamId), name, rows.getLong(3));
                }
            }
        }
    }

    private static void lock(Connection connection, Set<Long> streamIds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(Statements.LOCK_STREAMS)) {
            statement.setArray(1, connection.createArrayOf("bigint", streamIds.toArray(Long[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    // locked until the transaction ends
                }
            }
        }
    }

    private static Map<Long, Long> count(Connection connection, Set<Long> streamIds) throws SQLException {
        Map<Long, Long> counts = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(Statements.COUNT_EVENT_NAMES)) {
            statement.setArray(1, connection.createArrayOf("bigint", streamIds.toArray(Long[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getLong(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }
}

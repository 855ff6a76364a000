package io.eventserver.adapters.postgres.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.eventserver.adapters.postgres.events.AppendStatement.Append;
import io.eventserver.adapters.postgres.events.BatchWriter.Failed;
import io.eventserver.adapters.postgres.events.BatchWriter.Outcome;
import io.eventserver.adapters.postgres.events.BatchWriter.Stored;
import io.eventserver.adapters.postgres.sql.Statements;
import io.eventserver.application.port.out.AppendResult;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.event.UnexpectedLastSequence;

/**
 * Expected sequences (ADR 64) inside a group-commit batch's transaction, after its idempotency keys and before its
 * events are numbered. The counter rows of the (stream, event name) pairs that appends of the batch expect are
 * locked ({@code for no key update}, on any process the numbering of a pair waits for it) and their last sequences
 * read; then the batch is walked in its order — the order the append statement numbers it in — and each expecting
 * append is asked, by the domain's rule ({@code EventsAppended.requireLast}), against the last sequence the pair
 * has when its turn comes: the committed one plus what the batch's appends before it take. So of two appends with
 * the same expectation in one batch the first stores and the second is refused, as if they had come one after the
 * other. A refused append stores nothing, and the key this transaction recorded for it is removed again.
 * <p>
 * A pair without a row yet (the first event of a name) has nothing to lock: a transaction that creates it
 * concurrently is only seen once it commits. {@link #verify} closes that gap after the numbering, from the
 * sequences the statement gave: an expecting append whose first event is not the one after its expectation fails
 * the batch, which is rolled back and stored again one append at a time ({@link BatchWriter}), where it fails alone.
 */
final class ExpectedSequences {

    private record Pair(long streamId, String eventName) {
    }

    /** The appends that went ahead with an expectation: index → what their first event's sequence must be. */
    private final Map<Integer, Long> firstSequences = new HashMap<>();

    /** Refuses the appends whose expectation does not hold; returns the indexes of the appends that go ahead. */
    List<Integer> refuseUnexpected(Connection connection, List<Append> batch, List<Integer> goAhead,
                                   Map<String, Long> streamIds, Outcome<AppendResult>[] results) throws SQLException {
        Map<Pair, Long> last = new TreeMap<>(Comparator.comparingLong(Pair::streamId)
                .thenComparing(Pair::eventName));
        for (int index : goAhead) {
            Append append = batch.get(index);
            if (append.expects()) {
                last.put(new Pair(streamIds.get(append.stream().name().value()),
                        append.appended().firstEventName().value()), 0L);
            }
        }
        if (last.isEmpty()) {
            return goAhead;
        }
        lock(connection, last);
        List<Integer> kept = new ArrayList<>(goAhead.size());
        List<Append> refusedKeyed = new ArrayList<>();
        for (int index : goAhead) {
            Append append = batch.get(index);
            long streamId = streamIds.get(append.stream().name().value());
            if (append.expects()) {
                Pair pair = new Pair(streamId, append.appended().firstEventName().value());
                try {
                    append.appended().requireLast(new Sequence(last.get(pair)));
                } catch (UnexpectedLastSequence refused) {
                    results[index] = new Failed<>(refused);
                    append.idempotency().ifPresent(key -> refusedKeyed.add(append));
                    continue;
                }
                firstSequences.put(index, last.get(pair) + 1);
            }
            for (EventAppended event : append.events()) {
                last.computeIfPresent(new Pair(streamId, event.draft().name().value()), (pair, value) -> value + 1);
            }
            kept.add(index);
        }
        forgetKeys(connection, refusedKeyed, streamIds);
        return kept;
    }

    /**
     * After the numbering, in the transaction: every expecting append that went ahead got the sequence after its
     * expectation.
     *
     * @throws UnexpectedLastSequence when one did not (another transaction created its pair meanwhile): the batch
     *                                must be rolled back
     */
    void verify(List<Append> batch, Outcome<AppendResult>[] results) {
        for (Map.Entry<Integer, Long> expected : firstSequences.entrySet()) {
            if (results[expected.getKey()] instanceof Stored<AppendResult>(AppendResult.Appended appended)) {
                long first = appended.events().getFirst().sequence().value();
                if (first != expected.getValue()) {
                    // asked again with what the numbering met, so that the refusal says what the last was
                    batch.get(expected.getKey()).appended().requireLast(new Sequence(first - 1));
                    throw new IllegalStateException("expected sequence " + (expected.getValue() - 1)
                            + " held for the first event's sequence " + first);
                }
            }
        }
    }

    private static void lock(Connection connection, Map<Pair, Long> last) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(Statements.LOCK_COUNTERS)) {
            statement.setArray(1, connection.createArrayOf("bigint",
                    last.keySet().stream().map(Pair::streamId).toArray(Long[]::new)));
            statement.setArray(2, connection.createArrayOf("varchar",
                    last.keySet().stream().map(Pair::eventName).toArray(String[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    last.put(new Pair(rows.getLong(1), rows.getString(2)), rows.getLong(3));
                }
            }
        }
    }

    private static void forgetKeys(Connection connection, List<Append> refused, Map<String, Long> streamIds)
            throws SQLException {
        if (refused.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(Statements.FORGET_KEYS)) {
            statement.setArray(1, connection.createArrayOf("bigint", refused.stream()
                    .map(append -> streamIds.get(append.stream().name().value())).toArray(Long[]::new)));
            statement.setArray(2, connection.createArrayOf("varchar", refused.stream()
                    .map(append -> append.stream().owner().value()).toArray(String[]::new)));
            statement.setArray(3, connection.createArrayOf("varchar", refused.stream()
                    .map(append -> append.idempotency().orElseThrow().key().value()).toArray(String[]::new)));
            statement.executeUpdate();
        }
    }
}

package io.eventserver.adapters.postgres.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.eventserver.adapters.postgres.events.BatchWriter.Failed;
import io.eventserver.adapters.postgres.events.BatchWriter.Outcome;
import io.eventserver.adapters.postgres.events.BatchWriter.Stored;
import io.eventserver.adapters.postgres.notifications.PostgresAppendSignals;
import io.eventserver.adapters.postgres.sql.HotStatements;
import io.eventserver.adapters.postgres.sql.Statements;
import io.eventserver.adapters.postgres.streams.StreamDirectory;
import io.eventserver.application.port.out.AppendResult;
import io.eventserver.application.port.out.StreamClaimedConcurrently;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;

/**
 * How a batch of appends is stored (ADR 15, ADR 16): usually one auto-committed statement over arrays; when the
 * batch claims new streams (or names streams whose ids are not cached), one explicit transaction that creates them
 * together with their first events. The text of each statement is the same for every batch, so PostgreSQL plans it
 * once per connection.
 */
final class AppendStatement implements BatchWriter.Store<AppendStatement.Append, AppendResult> {

    /**
     * One append request: the stream as the domain decided it (claimed now or existing), its events (stored together
     * or not at all) and its idempotency key, if any.
     */
    record Append(Stream stream, List<EventAppended> events, Optional<Idempotency> idempotency) {
        Append {
            events = List.copyOf(events);
        }

        long documentChars() {
            long chars = 0;
            for (EventAppended event : events) {
                chars += event.draft().document().json().length();
            }
            return chars;
        }
    }

    private record Key(long streamId, String eventName) {
    }

    /** A counter row the batch numbered its events from, to remember once committed. */
    private record Counter(String stream, String eventName, long id) {
    }

    private final HotStatements sql;
    private final StreamDirectory streams;
    private final PostgresAppendSignals signals;
    private final EventNameLimit eventNames;

    AppendStatement(HotStatements sql, StreamDirectory streams, PostgresAppendSignals signals, int maxEventNames) {
        this.sql = sql;
        this.streams = streams;
        this.signals = signals;
        this.eventNames = new EventNameLimit(maxEventNames, streams);
    }

    /**
     * Stores the batch in one transaction and returns each append's stored event or its failure. The common case —
     * streams that exist and whose ids are known, event names known to exist — is a single auto-committed
     * statement: one round trip and one WAL flush. Claims of new streams, unknown stream ids and event names not
     * known to exist (which may be new, and new ones are counted against the maximum: {@link EventNameLimit}) add
     * statements to an explicit transaction, so that a stream is created together with its first event or not at
     * all.
     */
    @Override
    public List<Outcome<AppendResult>> store(List<Append> batch) {
        Set<Counter> counters = new HashSet<>();
        List<Outcome<AppendResult>> outcomes = sql.onConnection(connection -> {
            Map<String, Long> streamIds = new HashMap<>();
            Outcome<AppendResult>[] results = outcomes(batch.size());
            boolean simple = batch.stream()
                    .noneMatch(append -> append.stream().isClaimedNow() || append.idempotency().isPresent())
                    && eventNames.allKnown(batch);
            boolean notify = signals.othersListening();
            if (simple && !notify && streams.cachedIds(names(batch), streamIds)) {
                appendAll(connection, batch, allOf(batch), streamIds, results, counters);
                signals.committed(appended(counters));
                return Arrays.asList(results);
            }
            connection.setAutoCommit(false);
            BatchIdempotencyKeys keys = new BatchIdempotencyKeys();
            try {
                List<Integer> goAhead = eventNames.refuseOversizedClaims(batch, allOf(batch), results);
                goAhead = claimNewStreams(connection, batch, goAhead, results, streamIds);
                streams.readIds(connection, names(goAhead.stream().map(batch::get).toList()), streamIds);
                goAhead = refuseUncreatedStreams(batch, goAhead, streamIds, results);
                goAhead = eventNames.refuseBeyondTheMost(connection, batch, goAhead, streamIds, results);
                goAhead = keys.claim(connection, batch, goAhead, streamIds, results);
                appendAll(connection, batch, goAhead, streamIds, results, counters);
                if (notify) {
                    // in the transaction: delivered only if it commits, and no second commit (and WAL flush) for it
                    signals.notifyOthers(connection, appended(counters));
                }
                connection.commit();
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                restoreAutoCommit(connection);
            }
            // after the commit nothing may fail the batch: its callers would be told of a failure and retry a
            // stored append
            keys.answerFollowers(batch, results);
            signals.committed(appended(counters));
            return Arrays.asList(results);
        });
        // committed now: the counter rows exist for good
        counters.forEach(counter -> streams.sequenceCommitted(counter.stream(), counter.eventName(), counter.id()));
        return outcomes;
    }

    /**
     * Back to auto-commit for the pool. A connection that fails here is broken; the pool finds that out itself, and
     * the outcome of the transaction (committed or rolled back) stands.
     */
    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException broken) {
            // see above
        }
    }

    private static Set<PostgresAppendSignals.Appended> appended(Set<Counter> counters) {
        Set<PostgresAppendSignals.Appended> appended = new HashSet<>();
        for (Counter counter : counters) {
            appended.add(new PostgresAppendSignals.Appended(counter.stream(), counter.eventName()));
        }
        return appended;
    }

    /**
     * Refuses the appends to streams that nobody created and that they do not claim (a caller's mistake: a stream
     * exists once a publish claimed it); returns the indexes of the appends that go ahead.
     */
    private static List<Integer> refuseUncreatedStreams(List<Append> batch, List<Integer> goAhead,
            Map<String, Long> streamIds, Outcome<AppendResult>[] results) {
        List<Integer> kept = new ArrayList<>(goAhead.size());
        for (int index : goAhead) {
            Stream stream = batch.get(index).stream();
            if (streamIds.containsKey(stream.name().value())) {
                kept.add(index);
            } else {
                results[index] = new Failed<>(new IllegalArgumentException("stream " + stream.name()
                        + " does not exist: claim it"));
            }
        }
        return kept;
    }

    @SuppressWarnings("unchecked")
    private static Outcome<AppendResult>[] outcomes(int size) {
        return (Outcome<AppendResult>[]) new Outcome<?>[size];
    }

    private static List<Integer> allOf(List<Append> batch) {
        List<Integer> all = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            all.add(i);
        }
        return all;
    }

    private static List<String> names(List<Append> appends) {
        return appends.stream().<String>map(append -> append.stream().name().value()).distinct().toList();
    }

    /** An event of the batch: which append it belongs to, and where in that append's list. */
    private record Member(int append, int position) {
    }

    /**
     * One statement for the appends at {@code indexes} of the batch: it adds to the counter row of every (stream,
     * event name) the number of events the batch has for it — creating the row when it is the first — and inserts
     * the events numbered from the new counter values. Within a group, events are numbered in the order of the
     * appends and, within an append, in the order of its events, so an append's events of one name are consecutive.
     * The counter rows are locked until the transaction ends, so transactions that number the same (stream, event
     * name) commit one after the other, in sequence order (adr/0007). The statement's text is the same for every
     * batch (arrays, not a list of values).
     */
    private static void appendAll(Connection connection, List<Append> batch, List<Integer> indexes,
            Map<String, Long> streamIds, Outcome<AppendResult>[] results, Set<Counter> counters)
            throws SQLException {
        if (indexes.isEmpty()) {
            return;
        }
        // events grouped by (stream id, event name) in a fixed order, so that counter rows are locked in that order
        Map<Key, List<Member>> groups = new TreeMap<>(Comparator.comparingLong(Key::streamId)
                .thenComparing(Key::eventName));
        int events = 0;
        for (int index : indexes) {
            Append append = batch.get(index);
            long streamId = streamIds.get(append.stream().name().value());
            for (int position = 0; position < append.events().size(); position++) {
                Key key = new Key(streamId, append.events().get(position).draft().name().value());
                groups.computeIfAbsent(key, ignored -> new ArrayList<>()).add(new Member(index, position));
                events++;
            }
        }
        Columns columns = new Columns(groups.size(), events);
        Map<UUID, Member> byId = new HashMap<>();
        for (Map.Entry<Key, List<Member>> group : groups.entrySet()) {
            List<Member> members = group.getValue();
            columns.counter(group.getKey(), members.size());
            for (int i = 0; i < members.size(); i++) {
                Member member = members.get(i);
                EventAppended event = batch.get(member.append()).events().get(member.position());
                // the last one of the group gets the new counter value
                columns.event(group.getKey(), i - members.size() + 1, event);
                byId.put(event.id().value(), member);
            }
        }
        Map<Integer, RecordedEvent[]> stored = new HashMap<>();
        int rowsStored = 0;
        try (PreparedStatement statement = connection.prepareStatement(Statements.APPEND)) {
            columns.bind(connection, statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Member member = byId.get(rows.getObject(1, UUID.class));
                    Append append = batch.get(member.append());
                    EventAppended event = append.events().get(member.position());
                    stored.computeIfAbsent(member.append(), ignored -> new RecordedEvent[append.events().size()])
                            [member.position()] = EventRows.recorded(event.id(), event.draft().name(),
                            rows.getLong(3), rows.getObject(4, OffsetDateTime.class), event.draft().document());
                    counters.add(new Counter(append.stream().name().value(), event.draft().name().value(),
                            rows.getLong(2)));
                    rowsStored++;
                }
            }
        }
        if (rowsStored != events) {
            throw new IllegalStateException("the append statement stored " + rowsStored + " of " + events
                    + " events");
        }
        stored.forEach((index, recorded) -> results[index] = new Stored<>(new AppendResult.Appended(
                Arrays.asList(recorded))));
    }

    /** The eight array parameters of {@link Statements#APPEND}: three for the counter rows, five for the events. */
    private static final class Columns {
        private final Long[] counterStreams;
        private final String[] counterNames;
        private final Long[] counts;
        private final Long[] eventStreams;
        private final String[] eventNames;
        private final Long[] fromLast;
        private final UUID[] ids;
        private final String[] documents;
        private int counter;
        private int event;

        Columns(int counterRows, int events) {
            counterStreams = new Long[counterRows];
            counterNames = new String[counterRows];
            counts = new Long[counterRows];
            eventStreams = new Long[events];
            eventNames = new String[events];
            fromLast = new Long[events];
            ids = new UUID[events];
            documents = new String[events];
        }

        void counter(Key key, int events) {
            counterStreams[counter] = key.streamId();
            counterNames[counter] = key.eventName();
            counts[counter++] = (long) events;
        }

        void event(Key key, long offsetFromLast, EventAppended appended) {
            eventStreams[event] = key.streamId();
            eventNames[event] = key.eventName();
            fromLast[event] = offsetFromLast;
            ids[event] = appended.id().value();
            documents[event++] = appended.draft().document().json();
        }

        void bind(Connection connection, PreparedStatement statement) throws SQLException {
            statement.setArray(1, connection.createArrayOf("bigint", counterStreams));
            statement.setArray(2, connection.createArrayOf("varchar", counterNames));
            statement.setArray(3, connection.createArrayOf("bigint", counts));
            statement.setArray(4, connection.createArrayOf("bigint", eventStreams));
            statement.setArray(5, connection.createArrayOf("varchar", eventNames));
            statement.setArray(6, connection.createArrayOf("bigint", fromLast));
            statement.setArray(7, connection.createArrayOf("uuid", ids));
            statement.setArray(8, connection.createArrayOf("text", documents));
        }
    }

    /**
     * Creates the streams that the appends at {@code goAhead} claim, and adds their ids to {@code streamIds}. The
     * first claimant of a name wins; a later claimant with another producer in the same batch, or a claim of a
     * stream that exists by now, fails with {@link StreamClaimedConcurrently} and stores nothing. Returns the
     * indexes of the appends that go ahead.
     */
    private static List<Integer> claimNewStreams(Connection connection, List<Append> batch, List<Integer> goAhead,
            Outcome<AppendResult>[] results, Map<String, Long> streamIds) throws SQLException {
        Map<String, ProducerId> claims = new LinkedHashMap<>();
        for (int index : goAhead) {
            Append append = batch.get(index);
            if (append.stream().isClaimedNow()) {
                claims.putIfAbsent(append.stream().name().value(), append.stream().owner());
            }
        }
        if (claims.isEmpty()) {
            return goAhead;
        }
        Set<String> created = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(Statements.CLAIM_STREAMS)) {
            statement.setArray(1, connection.createArrayOf("varchar", claims.keySet().toArray(String[]::new)));
            statement.setArray(2, connection.createArrayOf("varchar",
                    claims.values().stream().map(ProducerId::value).toArray(String[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    created.add(rows.getString(1));
                    streamIds.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        List<Integer> kept = new ArrayList<>();
        for (int i : goAhead) {
            Stream stream = batch.get(i).stream();
            String name = stream.name().value();
            boolean lost = stream.isClaimedNow()
                    && (!created.contains(name) || !claims.get(name).equals(stream.owner()));
            if (lost) {
                results[i] = new Failed<>(new StreamClaimedConcurrently(stream.name()));
            } else {
                kept.add(i);
            }
        }
        return kept;
    }
}

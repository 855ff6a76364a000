package io.eventserver.adapters.postgres.consumers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;

import io.eventserver.adapters.postgres.sql.HotStatements.DatabaseFailure;
import io.eventserver.adapters.postgres.sql.HotStatements;
import io.eventserver.adapters.postgres.sql.Parameters;
import io.eventserver.adapters.postgres.streams.StreamDirectory;
import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.LeaseCounts;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.consumer.LeaseCursor;
import io.eventserver.domain.consumer.LeaseDecision;
import io.eventserver.domain.consumer.LeaseEntry;
import io.eventserver.domain.consumer.LeaseState;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * {@link LeaseStore} on PostgreSQL (ADR 52): {@code consumer_cursors.leased_through} beside the offset and
 * {@code consumer_leases}, changed only in transactions that hold the cursor row's lock ({@code select … for no key
 * update}), on whichever node. Every statement is constant SQL ({@link LeaseStatements}) keyed by the cached counter
 * row id; a page's rows are written set-based, and the cursor once, when the work is done.
 */
public final class PostgresLeaseStore implements LeaseStore {

    private final HotStatements sql;
    private final StreamDirectory streams;

    public PostgresLeaseStore(HotStatements sql, StreamDirectory streams) {
        this.sql = sql;
        this.streams = streams;
    }

    @Override
    public Optional<Snapshot> peek(ConsumerId consumer, StreamName stream, EventName name, int inFlightAtMost) {
        return streams.sequenceId(stream, name).flatMap(sequenceId -> sql.one(LeaseStatements.PEEK, statement -> {
            statement.setString(1, consumer.value());
            statement.setInt(2, Math.max(0, inFlightAtMost));
            statement.setString(3, consumer.value());
            statement.setString(4, consumer.value());
            statement.setString(5, consumer.value());
            statement.setLong(6, sequenceId);
        }, row -> new Snapshot(instant(row, 1),
                new LeaseCursor(new Sequence(row.getLong(2)), new Sequence(row.getLong(3)),
                        new Sequence(row.getLong(4))),
                row.getInt(5), row.getBoolean(6), Optional.ofNullable(row.getObject(7, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant))));
    }

    @Override
    public <T> T change(ConsumerId consumer, StreamName stream, Collection<EventName> names,
                        Function<Map<EventName, Leases>, T> work) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a change needs at least one event name");
        }
        // one lock order on every node: by the names' UTF-8 bytes
        List<EventName> ordered = names.stream().distinct()
                .sorted(EventName.BY_UTF8_BYTES)
                .toList();
        Map<EventName, Long> ids = new LinkedHashMap<>();
        for (EventName name : ordered) {
            ids.put(name, streams.sequenceId(stream, name).orElseThrow(() -> new IllegalArgumentException(
                    "no events named " + name + " in stream " + stream)));
        }
        return sql.onConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                Map<EventName, Leases> views = new LinkedHashMap<>();
                List<View> locked = new ArrayList<>();
                for (Map.Entry<EventName, Long> id : ids.entrySet()) {
                    View view = View.lock(connection, id.getValue(), consumer);
                    locked.add(view);
                    views.put(id.getKey(), view);
                }
                T result = work.apply(Collections.unmodifiableMap(views));
                for (View view : locked) {
                    view.flush();
                }
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } catch (SQLException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public Optional<List<LeaseDecision.Grant>> leaseNeverLeased(ConsumerId consumer, StreamName stream,
                                                                EventName name, int count, Duration lease) {
        Optional<Long> found = streams.sequenceId(stream, name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        long sequenceId = found.get();
        return sql.onConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LeaseStatements.LEASE_NEVER_LEASED)) {
                statement.setLong(1, sequenceId);
                statement.setString(2, consumer.value());
                statement.setLong(3, count);
                statement.setLong(4, lease.toMillis());
                statement.setLong(5, sequenceId);
                statement.setString(6, consumer.value());
                statement.setLong(7, sequenceId);
                statement.setString(8, consumer.value());
                statement.setString(9, consumer.value());
                statement.setLong(10, sequenceId);
                statement.execute();
                if (!statement.getMoreResults()) {
                    throw new IllegalStateException("a leased read in one step answered no rows");
                }
                try (ResultSet row = statement.getResultSet()) {
                    if (!row.next()) {
                        return Optional.<List<LeaseDecision.Grant>>empty();
                    }
                    Instant until = instant(row, 1);
                    java.sql.Array leased = row.getArray(2);
                    if (leased == null) {
                        return Optional.of(List.<LeaseDecision.Grant>of());
                    }
                    List<LeaseDecision.Grant> grants = new ArrayList<>();
                    for (Long sequence : (Long[]) leased.getArray()) {
                        grants.add(new LeaseDecision.Grant(new Sequence(sequence), 1, until));
                    }
                    return Optional.of(grants);
                }
            }
        });
    }

    @Override
    public OptionalLong acknowledgeEntries(ConsumerId consumer, StreamName stream, EventName name,
                                           Collection<Sequence> sequences) {
        Optional<Long> found = streams.sequenceId(stream, name);
        if (found.isEmpty() || sequences.isEmpty()) {
            return OptionalLong.empty();
        }
        long sequenceId = found.get();
        Long[] values = sequences.stream().map(Sequence::value).distinct().toArray(Long[]::new);
        return sql.onConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LeaseStatements.ACKNOWLEDGE_ENTRIES)) {
                statement.setLong(1, sequenceId);
                statement.setString(2, consumer.value());
                statement.setLong(3, sequenceId);
                statement.setString(4, consumer.value());
                statement.setArray(5, connection.createArrayOf("int8", values));
                statement.setInt(6, values.length);
                statement.setLong(7, sequenceId);
                statement.setString(8, consumer.value());
                statement.execute();
                long before;
                try (ResultSet row = statement.getResultSet()) {
                    if (!row.next()) {
                        // no cursor, so no entries: the check below failed and nothing was kept
                        return OptionalLong.empty();
                    }
                    before = row.getLong(1);
                }
                statement.getMoreResults();
                statement.getMoreResults();
                try (ResultSet row = statement.getResultSet()) {
                    return OptionalLong.of(row.next() ? row.getLong(1) - before : 0);
                }
            } catch (SQLException e) {
                if (LeaseStatements.ENTRIES_CHANGED.equals(e.getSQLState())) {
                    return OptionalLong.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public Map<EventId, EventPosition> find(ConsumerId consumer, StreamName stream, Collection<EventId> events) {
        if (events.isEmpty()) {
            return Map.of();
        }
        Map<EventId, EventPosition> found = new HashMap<>();
        sql.onConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LeaseStatements.FIND)) {
                statement.setArray(1, connection.createArrayOf("uuid",
                        events.stream().map(EventId::value).toArray(UUID[]::new)));
                statement.setString(2, stream.value());
                statement.setString(3, consumer.value());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.put(new EventId(rows.getObject(1, UUID.class)),
                                new EventPosition(new EventName(rows.getString(2)), new Sequence(rows.getLong(3))));
                    }
                }
            }
            return null;
        });
        return found;
    }

    @Override
    public List<LeaseEntry> deadLetters(ConsumerId consumer, StreamName stream, EventName name, Sequence after,
                                        int limit) {
        Optional<Long> sequenceId = streams.sequenceId(stream, name);
        if (sequenceId.isEmpty()) {
            return List.of();
        }
        return sql.list(LeaseStatements.DEAD_LETTERS, statement -> {
            statement.setLong(1, sequenceId.get());
            statement.setString(2, consumer.value());
            statement.setLong(3, after.value());
            statement.setInt(4, limit);
        }, PostgresLeaseStore::entry);
    }

    @Override
    public Map<ConsumerLag.Position, LeaseCounts> counts(StreamName stream,
                                                         Collection<ConsumerLag.Position> cursors) {
        if (cursors.isEmpty()) {
            return Map.of();
        }
        Map<ConsumerLag.Position, LeaseCounts> counts = new HashMap<>();
        sql.onConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LeaseStatements.COUNTS)) {
                statement.setArray(1, connection.createArrayOf("varchar",
                        cursors.stream().map(cursor -> cursor.eventName().value()).toArray(String[]::new)));
                statement.setArray(2, connection.createArrayOf("varchar",
                        cursors.stream().map(cursor -> cursor.consumer().value()).toArray(String[]::new)));
                statement.setString(3, stream.value());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        counts.put(new ConsumerLag.Position(new EventName(rows.getString(1)),
                                new ConsumerId(rows.getString(2))), new LeaseCounts(rows.getLong(3), rows.getLong(4)));
                    }
                }
            }
            return null;
        });
        return counts;
    }

    static LeaseEntry entry(ResultSet row) throws SQLException {
        return LeaseEntry.stored(new Sequence(row.getLong(1)), new EventId(row.getObject(2, UUID.class)),
                LeaseState.valueOf(row.getString(3)), row.getInt(4), instant(row, 5),
                Optional.ofNullable(row.getObject(6, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                row.getBoolean(7));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * One locked cursor in a transaction. Writes wait until the next read or the end of the work and then go to the
     * database in the same round trip as it (one JDBC statement of several SQL statements): the lock is held for
     * fewer round trips. The cursor is written once, by {@link #flush}, when it changed.
     */
    private static final class View implements Leases {

        /** A write not sent yet, and what its row count must be (-1: any). */
        private record Pending(String sql, HotStatements.Binder binder, int expected, String what) {
        }

        private final List<Pending> pending = new ArrayList<>();
        private final Connection connection;
        private final long sequenceId;
        private final ConsumerId consumer;
        private final Instant now;
        private final Sequence storedOffset;
        private final Sequence storedLeasedThrough;
        private LeaseCursor cursor;

        private View(Connection connection, long sequenceId, ConsumerId consumer, Instant now, LeaseCursor cursor) {
            this.connection = connection;
            this.sequenceId = sequenceId;
            this.consumer = consumer;
            this.now = now;
            this.cursor = cursor;
            this.storedOffset = cursor.offset();
            this.storedLeasedThrough = cursor.leasedThrough();
        }

        /** Locks the cursor row, creating it at offset 0 when it does not exist yet. */
        static View lock(Connection connection, long sequenceId, ConsumerId consumer) throws SQLException {
            Optional<View> locked = tryLock(connection, sequenceId, consumer);
            if (locked.isPresent()) {
                return locked.get();
            }
            try (PreparedStatement create = connection.prepareStatement(LeaseStatements.CREATE_CURSOR)) {
                create.setLong(1, sequenceId);
                create.setString(2, consumer.value());
                create.executeUpdate();
            }
            return tryLock(connection, sequenceId, consumer).orElseThrow(() -> new IllegalStateException(
                    "the cursor of " + consumer + " on counter row " + sequenceId + " cannot be created"));
        }

        private static Optional<View> tryLock(Connection connection, long sequenceId, ConsumerId consumer)
                throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(LeaseStatements.LOCK_CURSOR)) {
                statement.setLong(1, sequenceId);
                statement.setString(2, consumer.value());
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new View(connection, sequenceId, consumer, instant(row, 4),
                            new LeaseCursor(new Sequence(row.getLong(1)), new Sequence(row.getLong(2)),
                                    new Sequence(row.getLong(3)))));
                }
            }
        }

        /** Sends the writes not sent yet, and the cursor when the work changed it. */
        void flush() {
            if (!cursor.offset().equals(storedOffset) || !cursor.leasedThrough().equals(storedLeasedThrough)) {
                Sequence offset = cursor.offset();
                Sequence leasedThrough = cursor.leasedThrough();
                update(LeaseStatements.SET_CURSOR, statement -> {
                    statement.setLong(1, offset.value());
                    statement.setLong(2, leasedThrough.value());
                    statement.setLong(3, offset.value());
                    statement.setLong(4, sequenceId);
                    statement.setString(5, consumer.value());
                }, 1, "cursor");
            }
            if (!pending.isEmpty()) {
                query(null, statement -> { }, rows -> null);
            }
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public LeaseCursor cursor() {
            return cursor;
        }

        @Override
        public int inFlight(Instant at, int atMost) {
            return query(LeaseStatements.IN_FLIGHT, statement -> {
                mine(statement);
                statement.setObject(3, timestamp(at));
                statement.setLong(4, cursor.offset().value());
                statement.setInt(5, Math.max(0, atMost));
            }, rows -> {
                rows.next();
                return rows.getInt(1);
            });
        }

        @Override
        public List<LeaseEntry> leasable(Instant at, int limit) {
            return query(LeaseStatements.LEASABLE, statement -> {
                mine(statement);
                statement.setObject(3, timestamp(at));
                statement.setLong(4, cursor.offset().value());
                statement.setInt(5, Math.max(0, limit));
            }, View::entries);
        }

        @Override
        public Map<Sequence, LeaseEntry> entries(Collection<Sequence> sequences) {
            if (sequences.isEmpty()) {
                return Map.of();
            }
            return query(LeaseStatements.ENTRIES, statement -> {
                mine(statement);
                statement.setArray(3, connection.createArrayOf("int8",
                        sequences.stream().map(Sequence::value).toArray(Long[]::new)));
            }, rows -> {
                Map<Sequence, LeaseEntry> found = new HashMap<>();
                for (LeaseEntry entry : entries(rows)) {
                    found.put(entry.sequence(), entry);
                }
                return found;
            });
        }

        @Override
        public Optional<Sequence> firstUnfinishedAfter(Sequence after) {
            return query(LeaseStatements.FIRST_UNFINISHED, statement -> {
                mine(statement);
                statement.setLong(3, after.value());
            }, rows -> rows.next() ? Optional.of(new Sequence(rows.getLong(1))) : Optional.empty());
        }

        @Override
        public void leaseFresh(LeaseDecision.FreshLeases fresh) {
            if (!fresh.from().isAfter(cursor.leasedThrough()) || !fresh.from().isAfter(cursor.offset())) {
                throw new IllegalArgumentException("events at or below " + cursor.leasedThrough().value()
                        + " were leased before");
            }
            update(LeaseStatements.LEASE_FRESH, statement -> {
                statement.setString(1, consumer.value());
                statement.setObject(2, timestamp(fresh.until()));
                statement.setLong(3, sequenceId);
                statement.setLong(4, fresh.from().value());
                statement.setLong(5, fresh.through().value());
            }, fresh.count(), "events " + fresh.from().value() + ".." + fresh.through().value() + " leased");
            cursor = cursor.withLeasedThrough(fresh.through());
        }

        @Override
        public void put(Collection<LeaseEntry> entries) {
            if (entries.isEmpty()) {
                return;
            }
            int size = entries.size();
            Long[] sequences = new Long[size];
            String[] states = new String[size];
            Integer[] deliveries = new Integer[size];
            String[] until = new String[size];
            String[] deadLetteredAt = new String[size];
            Boolean[] retried = new Boolean[size];
            int i = 0;
            for (LeaseEntry entry : entries) {
                sequences[i] = entry.sequence().value();
                states[i] = entry.state().name();
                deliveries[i] = entry.deliveries();
                until[i] = entry.until().toString();
                deadLetteredAt[i] = entry.deadLetteredAt().map(Instant::toString).orElse(null);
                retried[i] = entry.retried();
                i++;
            }
            update(LeaseStatements.PUT, statement -> {
                statement.setArray(1, connection.createArrayOf("int8", sequences));
                statement.setArray(2, connection.createArrayOf("varchar", states));
                statement.setArray(3, connection.createArrayOf("int4", deliveries));
                statement.setArray(4, connection.createArrayOf("timestamptz", until));
                statement.setArray(5, connection.createArrayOf("timestamptz", deadLetteredAt));
                statement.setArray(6, connection.createArrayOf("bool", retried));
                statement.setLong(7, sequenceId);
                statement.setString(8, consumer.value());
            }, size, "lease entries stored");
        }

        @Override
        public void remove(Collection<Sequence> sequences) {
            if (sequences.isEmpty()) {
                return;
            }
            update(LeaseStatements.REMOVE, statement -> {
                mine(statement);
                statement.setArray(3, connection.createArrayOf("int8",
                        sequences.stream().map(Sequence::value).toArray(Long[]::new)));
            }, -1, "");
        }

        @Override
        public void endLeasesThrough(Sequence through) {
            update(LeaseStatements.END_LEASES_THROUGH, statement -> {
                mine(statement);
                statement.setLong(3, through.value());
            }, -1, "");
        }

        @Override
        public void removeAfter(Sequence after) {
            update(LeaseStatements.REMOVE_AFTER, statement -> {
                mine(statement);
                statement.setLong(3, after.value());
            }, -1, "");
        }

        @Override
        public void setCursor(Sequence offset, Sequence leasedThrough) {
            cursor = new LeaseCursor(offset, leasedThrough, cursor.lastSequence());
        }

        private void mine(PreparedStatement statement) throws SQLException {
            statement.setLong(1, sequenceId);
            statement.setString(2, consumer.value());
        }

        private static List<LeaseEntry> entries(ResultSet rows) throws SQLException {
            List<LeaseEntry> entries = new ArrayList<>();
            while (rows.next()) {
                entries.add(entry(rows));
            }
            return entries;
        }

        /**
         * Runs the read {@code text} (none when null) after the writes not sent yet, in one round trip: the JDBC
         * driver sends the statements of one text together, binding the parameters in order.
         */
        private <T> T query(String text, HotStatements.Binder binder, HotStatements.RowMapper<T> reader) {
            List<Pending> writes = List.copyOf(pending);
            pending.clear();
            StringBuilder sql = new StringBuilder();
            for (Pending write : writes) {
                sql.append(write.sql()).append(";\n");
            }
            if (text != null) {
                sql.append(text);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int offset = 0;
                for (Pending write : writes) {
                    write.binder().bind(Parameters.shifted(statement, offset));
                    offset += Parameters.count(write.sql());
                }
                binder.bind(Parameters.shifted(statement, offset));
                boolean rows = statement.execute();
                for (Pending write : writes) {
                    if (rows) {
                        throw new IllegalStateException("a write returned rows: " + write.sql());
                    }
                    int count = statement.getUpdateCount();
                    if (write.expected() >= 0 && count != write.expected()) {
                        throw new IllegalStateException(write.what() + ": " + count + " of " + write.expected()
                                + "; the lease state is not what the rules expected");
                    }
                    rows = statement.getMoreResults();
                }
                if (text == null) {
                    return null;
                }
                try (ResultSet result = statement.getResultSet()) {
                    return reader.map(result);
                }
            } catch (SQLException e) {
                throw new DatabaseFailure(e);
            }
        }

        /** A write, sent with the next read or when the work is done. */
        private void update(String text, HotStatements.Binder binder, int expected, String what) {
            pending.add(new Pending(text, binder, expected, what));
        }
    }
}

package io.eventserver.adapters.kafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

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
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * {@link LeaseStore} of the Kafka engine (ADR 57): the lease state lives in PostgreSQL beside this engine's cursors
 * ({@code kafka_cursors.leased_through}, {@code kafka_leases}), changed only in transactions that hold the cursor
 * row's lock, on whichever node — the same state and the same rules as on the PostgreSQL engine (ADR 52); only the
 * newest sequence (the topic's end offset) and the ids of events leased for the first time (their records' keys)
 * come from Kafka.
 */
final class KafkaLeaseStore implements LeaseStore {

    private final Sql sql;
    private final Topics topics;
    private final Readers readers;
    private final KafkaAppendSignals signals;
    private final KafkaEventStore events;

    KafkaLeaseStore(Sql sql, Topics topics, Readers readers, KafkaAppendSignals signals, KafkaEventStore events) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.readers = Objects.requireNonNull(readers, "readers");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public Optional<Snapshot> peek(ConsumerId consumer, StreamName stream, EventName name, int inFlightAtMost) {
        Optional<Topics.Topic> found = topics.find(stream, name);
        if (found.isEmpty()) {
            signals.watchMissing(stream, name);
            return Optional.empty();
        }
        Topics.Topic topic = found.get();
        long end = readers.endOffset(topic.partition());
        if (end == 0) {
            signals.watch(stream, name, topic.partition(), end);
            return Optional.empty();
        }
        Optional<Snapshot> seen = sql.one(LeaseStatements.PEEK, s -> {
            s.setString(1, consumer.value());
            s.setInt(2, Math.max(0, inFlightAtMost));
            s.setString(3, consumer.value());
            s.setString(4, consumer.value());
            s.setString(5, consumer.value());
            s.setLong(6, topic.id());
        }, row -> new Snapshot(instant(row, 1),
                new LeaseCursor(new Sequence(row.getLong(2)), new Sequence(row.getLong(3)), new Sequence(end)),
                row.getInt(4), row.getBoolean(5), Optional.ofNullable(row.getObject(6, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant)));
        // a reader that may wait for what comes next: woken by other processes' appends too (ADR 38)
        seen.filter(snapshot -> !snapshot.cursor().lastSequence().isAfter(snapshot.cursor().leasedThrough()))
                .ifPresent(snapshot -> signals.watch(stream, name, topic.partition(), end));
        return seen;
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
        Map<EventName, Topics.Topic> locked = new LinkedHashMap<>();
        for (EventName name : ordered) {
            locked.put(name, topics.find(stream, name).orElseThrow(() -> new IllegalArgumentException(
                    "no events named " + name + " in stream " + stream)));
        }
        return sql.transaction(session -> {
            Map<EventName, Leases> views = new LinkedHashMap<>();
            List<View> written = new ArrayList<>();
            for (Map.Entry<EventName, Topics.Topic> topic : locked.entrySet()) {
                View view = View.lock(session.connection(), topic.getValue(), consumer, this);
                written.add(view);
                views.put(topic.getKey(), view);
            }
            T result = work.apply(Collections.unmodifiableMap(views));
            for (View view : written) {
                view.flush();
            }
            return result;
        });
    }

    @Override
    public Map<EventId, EventPosition> find(ConsumerId consumer, StreamName stream, Collection<EventId> events) {
        if (events.isEmpty()) {
            return Map.of();
        }
        Map<EventId, EventPosition> found = new HashMap<>();
        sql.query(LeaseStatements.FIND, s -> {
            s.setString(1, consumer.value());
            s.setArray(2, s.getConnection().createArrayOf("uuid",
                    events.stream().map(EventId::value).toArray(UUID[]::new)));
            s.setString(3, stream.value());
        }, row -> found.put(new EventId(row.getObject(1, UUID.class)),
                new EventPosition(new EventName(row.getString(2)), new Sequence(row.getLong(3)))));
        return found;
    }

    @Override
    public List<LeaseEntry> deadLetters(ConsumerId consumer, StreamName stream, EventName name, Sequence after,
                                        int limit) {
        Optional<Topics.Topic> topic = topics.find(stream, name);
        if (topic.isEmpty()) {
            return List.of();
        }
        return sql.query(LeaseStatements.DEAD_LETTERS, s -> {
            s.setLong(1, topic.get().id());
            s.setString(2, consumer.value());
            s.setLong(3, after.value());
            s.setInt(4, limit);
        }, KafkaLeaseStore::entry);
    }

    @Override
    public Map<ConsumerLag.Position, LeaseCounts> counts(StreamName stream, Collection<ConsumerLag.Position> cursors) {
        if (cursors.isEmpty()) {
            return Map.of();
        }
        Map<ConsumerLag.Position, LeaseCounts> counts = new HashMap<>();
        sql.query(LeaseStatements.COUNTS, s -> {
            s.setArray(1, s.getConnection().createArrayOf("text",
                    cursors.stream().map(cursor -> cursor.eventName().value()).toArray(String[]::new)));
            s.setArray(2, s.getConnection().createArrayOf("text",
                    cursors.stream().map(cursor -> cursor.consumer().value()).toArray(String[]::new)));
            s.setString(3, stream.value());
        }, row -> counts.put(new ConsumerLag.Position(new EventName(row.getString(1)),
                new ConsumerId(row.getString(2))), new LeaseCounts(row.getLong(3), row.getLong(4))));
        return counts;
    }

    private static LeaseEntry entry(ResultSet row) throws SQLException {
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
     * One locked cursor in a transaction; every method is one statement on the transaction's connection, and the
     * cursor is written once, by {@link #flush}, when it changed.
     */
    private static final class View implements Leases {

        private final Connection connection;
        private final Topics.Topic topic;
        private final ConsumerId consumer;
        private final KafkaLeaseStore store;
        private final Instant now;
        private final Sequence storedOffset;
        private final Sequence storedLeasedThrough;
        private LeaseCursor cursor;

        private View(Connection connection, Topics.Topic topic, ConsumerId consumer, KafkaLeaseStore store,
                     Instant now, LeaseCursor cursor) {
            this.connection = connection;
            this.topic = topic;
            this.consumer = consumer;
            this.store = store;
            this.now = now;
            this.cursor = cursor;
            this.storedOffset = cursor.offset();
            this.storedLeasedThrough = cursor.leasedThrough();
        }

        /**
         * Locks the cursor row, creating it at offset 0 when it does not exist yet; the newest sequence is the
         * topic's end offset, asked for once the lock is held.
         */
        static View lock(Connection connection, Topics.Topic topic, ConsumerId consumer, KafkaLeaseStore store)
                throws SQLException {
            Optional<View> locked = tryLock(connection, topic, consumer, store);
            if (locked.isPresent()) {
                return locked.get();
            }
            try (PreparedStatement create = connection.prepareStatement(LeaseStatements.CREATE_CURSOR)) {
                create.setLong(1, topic.id());
                create.setString(2, consumer.value());
                create.executeUpdate();
            }
            return tryLock(connection, topic, consumer, store).orElseThrow(() -> new IllegalStateException(
                    "the cursor of " + consumer + " on topic " + topic.topic() + " cannot be created"));
        }

        private static Optional<View> tryLock(Connection connection, Topics.Topic topic, ConsumerId consumer,
                                              KafkaLeaseStore store) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(LeaseStatements.LOCK_CURSOR)) {
                statement.setLong(1, topic.id());
                statement.setString(2, consumer.value());
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Sequence offset = new Sequence(row.getLong(1));
                    Sequence leasedThrough = new Sequence(row.getLong(2));
                    Instant now = instant(row, 3);
                    Sequence last = new Sequence(Math.max(store.readers.endOffset(topic.partition()),
                            Math.max(offset.value(), leasedThrough.value())));
                    return Optional.of(new View(connection, topic, consumer, store, now,
                            new LeaseCursor(offset, leasedThrough, last)));
                }
            }
        }

        void flush() {
            if (cursor.offset().equals(storedOffset) && cursor.leasedThrough().equals(storedLeasedThrough)) {
                return;
            }
            update(LeaseStatements.SET_CURSOR, 1, "cursor", s -> {
                s.setLong(1, cursor.offset().value());
                s.setLong(2, cursor.leasedThrough().value());
                s.setLong(3, cursor.offset().value());
                s.setLong(4, topic.id());
                s.setString(5, consumer.value());
            });
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
            return query(LeaseStatements.IN_FLIGHT, s -> {
                mine(s);
                s.setObject(3, timestamp(at));
                s.setLong(4, cursor.offset().value());
                s.setInt(5, Math.max(0, atMost));
            }, rows -> rows.next() ? rows.getInt(1) : 0);
        }

        @Override
        public List<LeaseEntry> leasable(Instant at, int limit) {
            return query(LeaseStatements.LEASABLE, s -> {
                mine(s);
                s.setObject(3, timestamp(at));
                s.setLong(4, cursor.offset().value());
                s.setInt(5, Math.max(0, limit));
            }, View::entries);
        }

        @Override
        public Map<Sequence, LeaseEntry> entries(Collection<Sequence> sequences) {
            if (sequences.isEmpty()) {
                return Map.of();
            }
            return query(LeaseStatements.ENTRIES, s -> {
                mine(s);
                s.setArray(3, connection.createArrayOf("int8",
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
            return query(LeaseStatements.FIRST_UNFINISHED, s -> {
                mine(s);
                s.setLong(3, after.value());
            }, rows -> rows.next() ? Optional.of(new Sequence(rows.getLong(1))) : Optional.empty());
        }

        /**
         * The ids are the records' keys, read under the lock through the event store, which keeps what it read
         * (ADR 69): the page's read that follows finds the events in memory.
         */
        @Override
        public void leaseFresh(LeaseDecision.FreshLeases fresh) {
            if (!fresh.from().isAfter(cursor.leasedThrough()) || !fresh.from().isAfter(cursor.offset())) {
                throw new IllegalArgumentException("events at or below " + cursor.leasedThrough().value()
                        + " were leased before");
            }
            List<RecordedEvent> events = new ArrayList<>((int) fresh.count());
            Sequence after = new Sequence(fresh.from().value() - 1);
            while (events.size() < fresh.count()) {
                // a page from memory may end early (ADR 69): the next one starts where it ended
                List<RecordedEvent> page = store.events.recorded(topic, after, (int) (fresh.count() - events.size()));
                if (page.isEmpty()) {
                    break;
                }
                if (page.getFirst().sequence().value() != after.value() + 1) {
                    // Kafka removed events on its own (retention.ms) that no removal step accounted yet (ADR 60):
                    // leasing past them would lose them uncounted; the next step accounts them
                    throw new io.eventserver.application.port.out.StoreUnavailable("events " + (after.value() + 1)
                            + ".." + (page.getFirst().sequence().value() - 1) + " of " + topic.topic()
                            + " were removed by Kafka and are being accounted; retry", null);
                }
                events.addAll(page);
                after = page.getLast().sequence();
            }
            if (events.size() != fresh.count()) {
                throw new IllegalStateException("events " + fresh.from().value() + ".." + fresh.through().value()
                        + " of " + topic.topic() + ": Kafka delivered " + events.size() + " of " + fresh.count());
            }
            update(LeaseStatements.LEASE_FRESH, (int) fresh.count(), "events " + fresh.from().value() + ".."
                    + fresh.through().value() + " leased", s -> {
                        s.setLong(1, topic.id());
                        s.setString(2, consumer.value());
                        s.setObject(3, timestamp(fresh.until()));
                        s.setArray(4, connection.createArrayOf("int8",
                                events.stream().map(event -> event.sequence().value()).toArray(Long[]::new)));
                        s.setArray(5, connection.createArrayOf("uuid",
                                events.stream().map(event -> event.id().value()).toArray(UUID[]::new)));
                    });
            cursor = cursor.withLeasedThrough(fresh.through());
        }

        @Override
        public void put(Collection<LeaseEntry> entries) {
            if (entries.isEmpty()) {
                return;
            }
            List<LeaseEntry> list = List.copyOf(entries);
            update(LeaseStatements.PUT, list.size(), "lease entries stored", s -> {
                s.setArray(1, connection.createArrayOf("int8",
                        list.stream().map(e -> e.sequence().value()).toArray(Long[]::new)));
                s.setArray(2, connection.createArrayOf("varchar",
                        list.stream().map(e -> e.state().name()).toArray(String[]::new)));
                s.setArray(3, connection.createArrayOf("int4",
                        list.stream().map(LeaseEntry::deliveries).toArray(Integer[]::new)));
                s.setArray(4, connection.createArrayOf("timestamptz",
                        list.stream().map(e -> e.until().toString()).toArray(String[]::new)));
                s.setArray(5, connection.createArrayOf("timestamptz", list.stream()
                        .map(e -> e.deadLetteredAt().map(Instant::toString).orElse(null)).toArray(String[]::new)));
                s.setArray(6, connection.createArrayOf("bool",
                        list.stream().map(LeaseEntry::retried).toArray(Boolean[]::new)));
                s.setLong(7, topic.id());
                s.setString(8, consumer.value());
            });
        }

        @Override
        public void remove(Collection<Sequence> sequences) {
            if (sequences.isEmpty()) {
                return;
            }
            update(LeaseStatements.REMOVE, -1, "", s -> {
                mine(s);
                s.setArray(3, connection.createArrayOf("int8",
                        sequences.stream().map(Sequence::value).toArray(Long[]::new)));
            });
        }

        @Override
        public void endLeasesThrough(Sequence through) {
            update(LeaseStatements.END_LEASES_THROUGH, -1, "", s -> {
                mine(s);
                s.setLong(3, through.value());
            });
        }

        @Override
        public void removeAfter(Sequence after) {
            update(LeaseStatements.REMOVE_AFTER, -1, "", s -> {
                mine(s);
                s.setLong(3, after.value());
            });
        }

        @Override
        public void setCursor(Sequence offset, Sequence leasedThrough) {
            cursor = new LeaseCursor(offset, leasedThrough, cursor.lastSequence());
        }

        private void mine(PreparedStatement statement) throws SQLException {
            statement.setLong(1, topic.id());
            statement.setString(2, consumer.value());
        }

        private static List<LeaseEntry> entries(ResultSet rows) throws SQLException {
            List<LeaseEntry> entries = new ArrayList<>();
            while (rows.next()) {
                entries.add(entry(rows));
            }
            return entries;
        }

        @FunctionalInterface
        private interface Reader<T> {
            T read(ResultSet rows) throws SQLException;
        }

        private <T> T query(String text, Sql.Binder binder, Reader<T> reader) {
            try (PreparedStatement statement = connection.prepareStatement(text)) {
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    return reader.read(rows);
                }
            } catch (SQLException e) {
                throw Sql.failure(e);
            }
        }

        /** A write whose row count must be {@code expected} (-1: any). */
        private void update(String text, int expected, String what, Sql.Binder binder) {
            try (PreparedStatement statement = connection.prepareStatement(text)) {
                binder.bind(statement);
                int count = statement.executeUpdate();
                if (expected >= 0 && count != expected) {
                    throw new IllegalStateException(what + ": " + count + " of " + expected
                            + "; the lease state is not what the rules expected");
                }
            } catch (SQLException e) {
                throw Sql.failure(e);
            }
        }
    }
}

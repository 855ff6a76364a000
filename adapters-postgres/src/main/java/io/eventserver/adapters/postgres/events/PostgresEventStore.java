package io.eventserver.adapters.postgres.events;

import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.eventserver.adapters.postgres.notifications.PostgresAppendSignals;
import io.eventserver.adapters.postgres.sql.HotStatements;
import io.eventserver.adapters.postgres.sql.SqlFailures;
import io.eventserver.adapters.postgres.sql.Statements;
import io.eventserver.adapters.postgres.streams.StreamDirectory;
import io.eventserver.application.port.out.AppendResult;
import io.eventserver.application.port.out.EventFilter;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.jooq.DSLContext;

/**
 * {@link EventStore} on PostgreSQL. Appends are group-committed (adr/0015, adr/0016): appends that arrive while a
 * transaction is being committed wait in the queue of a {@link BatchWriter}, and its one writer thread stores all of
 * them together — usually one statement ({@link AppendStatement}) and one WAL flush for up to {@link #MAX_BATCH}
 * events or {@link #MAX_BATCH_CHARS} characters of documents — instead of one transaction and one flush each. Each
 * batch increments the (stream, event name) rows of {@code event_sequences} with one upsert; within a batch, events
 * of one (stream, event name) get consecutive sequences in arrival order; row locks and the single writer make
 * transactions commit in sequence order, so a reader can never see sequence n+1 without n (adr/0007). A caller is
 * answered only after the commit that contains its event returned. When a batch fails as a whole (say, an event id
 * that exists already), its appends are retried one per transaction, so that one bad append fails alone; when the
 * database is unreachable, they all fail at once (503).
 */
public final class PostgresEventStore implements EventStore, AutoCloseable {

    static final int MAX_BATCH = 500;
    static final long MAX_BATCH_CHARS = 4L << 20;

    private final DSLContext dsl;
    private final HotStatements sql;
    private final StreamDirectory streams;
    private final BatchWriter<AppendStatement.Append, AppendResult> writer;

    public PostgresEventStore(DSLContext dsl, HotStatements sql, StreamDirectory streams,
                              PostgresAppendSignals signals, int maxEventNames) {
        this.dsl = dsl;
        this.sql = sql;
        this.streams = streams;
        // bounded by count and by size: a batch is sent as one statement, and a few big documents are as much
        // memory as thousands of small ones
        this.writer = new BatchWriter<>("eventserver-group-commit",
                new AppendStatement(sql, streams, signals, maxEventNames), MAX_BATCH,
                AppendStatement.Append::documentChars, MAX_BATCH_CHARS);
    }

    @Override
    public Optional<Stream> findStream(StreamName name) {
        return streams.find(name);
    }

    /** Stores the events; returns when the transaction that contains them has committed. */
    @Override
    public AppendResult append(EventsAppended events, Optional<Idempotency> idempotency) {
        return writer.submit(new AppendStatement.Append(events.stream(), events.events(), idempotency));
    }

    /** The group-commit writer, which every publish waits for. */
    public Thread writer() {
        return writer.writer();
    }

    /** Stops taking appends, finishes the queued ones, and ends the group-commit writer. */
    @Override
    public void close() {
        writer.close();
    }

    @Override
    public Optional<EventPosition> findPosition(StreamName stream, EventId id) {
        return sql.one(Statements.FIND_POSITION, statement -> {
            statement.setObject(1, id.value());
            statement.setString(2, stream.value());
        }, row -> new EventPosition(new EventName(row.getString(1)), new Sequence(row.getLong(2))));
    }

    @Override
    public Optional<RecordedEvent> findEvent(StreamName stream, EventId id) {
        return sql.one(Statements.FIND_EVENT, statement -> {
            statement.setObject(1, id.value());
            statement.setString(2, stream.value());
        }, row -> EventRows.recorded(id, new EventName(row.getString(1)), row.getLong(2),
                row.getObject(3, OffsetDateTime.class), new EventDocument(row.getString(4))));
    }

    @Override
    public Optional<Sequence> lastSequence(StreamName stream, EventName name) {
        return SqlFailures.call(() -> dsl.select(EVENT_SEQUENCES.LAST_SEQUENCE)
                .from(EVENT_SEQUENCES)
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .where(STREAMS.NAME.eq(stream.value()))
                .and(EVENT_SEQUENCES.EVENT_NAME.eq(name.value()))
                .fetchOptional(last -> new Sequence(last.value1())));
    }

    @Override
    public List<RecordedEvent> read(StreamName stream, EventName name, Collection<Sequence> sequences) {
        Optional<Long> sequenceId = streams.sequenceId(stream, name);
        if (sequenceId.isEmpty() || sequences.isEmpty()) {
            return List.of();
        }
        return sql.onConnection(connection -> {
            try (var statement = connection.prepareStatement(Statements.READ_SEQUENCES)) {
                statement.setLong(1, sequenceId.get());
                statement.setArray(2, connection.createArrayOf("int8",
                        sequences.stream().map(Sequence::value).toArray(Long[]::new)));
                try (var row = statement.executeQuery()) {
                    List<RecordedEvent> events = new java.util.ArrayList<>(sequences.size());
                    while (row.next()) {
                        events.add(EventRows.recorded(new EventId(row.getObject(1, UUID.class)), name, row.getLong(2),
                                row.getObject(3, OffsetDateTime.class), new EventDocument(row.getString(4))));
                    }
                    return events;
                }
            }
        });
    }

    @Override
    public List<RecordedEvent> readAfter(StreamName stream, EventName name, Sequence after, int limit) {
        // the (stream, event name) row's id first (cached), then a range scan of the events' primary key
        // (event_sequence_id, sequence) from the offset that stops after limit rows, however long the stream is
        Optional<Long> sequenceId = streams.sequenceId(stream, name);
        if (sequenceId.isEmpty()) {
            return List.of();
        }
        return sql.list(Statements.READ_PAGE, statement -> {
            statement.setLong(1, sequenceId.get());
            statement.setLong(2, after.value());
            statement.setInt(3, limit);
        }, row -> EventRows.recorded(new EventId(row.getObject(1, UUID.class)), name, row.getLong(2),
                row.getObject(3, OffsetDateTime.class), new EventDocument(row.getString(4))));
    }

    /** Filters in the database: only the matches' documents travel (ADR 67). */
    @Override
    public Scan scan(StreamName stream, EventName name, Sequence after, int limit, int maxScan, EventFilter filter) {
        Optional<Long> sequenceId = streams.sequenceId(stream, name);
        if (sequenceId.isEmpty()) {
            return new Scan(List.of(), Optional.empty());
        }
        OffsetDateTime since = filter.since().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null);
        OffsetDateTime until = filter.until().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null);
        String contains = filter.contains().map(EventFilter.Containment::json).orElse(null);
        List<RecordedEvent> found = new ArrayList<>();
        Optional<Sequence> examined = Optional.empty();
        long from = after.value();
        int left = maxScan;
        while (left > 0) {
            int size = Math.min(left, Scan.PAGE);
            long start = from;
            List<ScannedRow> page = sql.list(Statements.SCAN_PAGE, statement -> {
                statement.setObject(1, since, Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setObject(2, since, Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setObject(3, until, Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setObject(4, until, Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setString(5, contains);
                statement.setString(6, contains);
                statement.setLong(7, sequenceId.get());
                statement.setLong(8, start);
                statement.setInt(9, size);
            }, row -> new ScannedRow(row.getObject(1, UUID.class), row.getLong(2),
                    row.getObject(3, OffsetDateTime.class), (Boolean) row.getObject(4), row.getString(5)));
            for (ScannedRow row : page) {
                examined = Optional.of(new Sequence(row.sequence()));
                left--;
                if (Boolean.FALSE.equals(row.hit())) {
                    continue;
                }
                RecordedEvent event = EventRows.recorded(new EventId(row.id()), name, row.sequence(),
                        row.receivedAt(), new EventDocument(row.document()));
                // null: the database could not decide (a string it cannot hold as jsonb); the filter decides
                if (row.hit() != null || filter.matches(event)) {
                    found.add(event);
                    if (found.size() == limit) {
                        return new Scan(found, examined);
                    }
                }
            }
            if (page.size() < size) {
                break;
            }
            from = page.getLast().sequence();
        }
        return new Scan(found, examined);
    }

    private record ScannedRow(UUID id, long sequence, OffsetDateTime receivedAt, Boolean hit, String document) {
    }
}

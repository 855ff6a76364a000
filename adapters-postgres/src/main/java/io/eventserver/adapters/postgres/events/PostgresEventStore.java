package io.eventserver.adapters.postgres.events;

import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_CURSORS;
import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_LEASES;
import static io.eventserver.adapters.postgres.schema.Tables.EVENTS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.IDEMPOTENCY_KEYS;
import static io.eventserver.adapters.postgres.schema.Tables.PAYLOAD_SCHEMAS;
import static io.eventserver.adapters.postgres.schema.Tables.PAYLOAD_SCHEMA_REVISION;
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
import io.eventserver.application.port.out.StreamDeletedConcurrently;
import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.event.TraceContext;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

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

    @Override
    public Optional<Stream> refreshStream(StreamName name) {
        return streams.refresh(name);
    }

    /** Stores the events; returns when the transaction that contains them has committed. */
    @Override
    public AppendResult append(EventsAppended events, Optional<Idempotency> idempotency) {
        Stream stream = events.stream();
        if (!stream.isClaimedNow() && !streams.find(stream.name()).map(Stream::owner)
                .equals(Optional.of(stream.owner()))) {
            // deleted since the caller found it, perhaps claimed anew by another producer (ADR 62)
            throw new StreamDeletedConcurrently(stream.name());
        }
        try {
            return writer.submit(new AppendStatement.Append(events, idempotency));
        } catch (StreamDeletedConcurrently deleted) {
            streams.forget(stream.name().value());
            throw new StreamDeletedConcurrently(stream.name());
        }
    }

    /**
     * One transaction (ADR 62): the stream's row first, {@code for update} — which waits for the transactions that
     * give it new event names or idempotency keys (they hold its row or a key-share lock on it) and keeps new ones
     * out — then its counter rows, which waits for every append in flight (they hold the counter rows they number
     * from) and keeps new ones out. Each delete then runs on a snapshot taken after those locks, so it sees every
     * event committed before; an append that waited fails on the missing parent row, stores nothing, and its publish
     * claims the name anew.
     */
    @Override
    public boolean deleteStream(StreamName name) {
        boolean deleted = SqlFailures.call(() -> dsl.transactionResult(transaction -> {
            DSLContext tx = transaction.dsl();
            Long streamId = tx.select(STREAMS.ID).from(STREAMS).where(STREAMS.NAME.eq(name.value())).forUpdate()
                    .fetchOne(STREAMS.ID);
            if (streamId == null) {
                return false;
            }
            List<Long> counters = tx.select(EVENT_SEQUENCES.ID).from(EVENT_SEQUENCES)
                    .where(EVENT_SEQUENCES.STREAM_ID.eq(streamId))
                    .orderBy(EVENT_SEQUENCES.ID)
                    .forUpdate()
                    .fetch(EVENT_SEQUENCES.ID);
            tx.deleteFrom(CONSUMER_LEASES).where(CONSUMER_LEASES.EVENT_SEQUENCE_ID.in(counters)).execute();
            tx.deleteFrom(CONSUMER_CURSORS).where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.in(counters)).execute();
            tx.deleteFrom(EVENTS).where(EVENTS.EVENT_SEQUENCE_ID.in(counters)).execute();
            tx.deleteFrom(IDEMPOTENCY_KEYS).where(IDEMPOTENCY_KEYS.STREAM_ID.eq(streamId)).execute();
            tx.deleteFrom(EVENT_SEQUENCES).where(EVENT_SEQUENCES.STREAM_ID.eq(streamId)).execute();
            tx.deleteFrom(STREAMS).where(STREAMS.ID.eq(streamId)).execute();
            // its payload schemas go with it (ADR 62, 66): a stream created anew under the name starts without
            if (tx.deleteFrom(PAYLOAD_SCHEMAS).where(PAYLOAD_SCHEMAS.STREAM.eq(name.value())).execute() > 0) {
                tx.update(PAYLOAD_SCHEMA_REVISION)
                        .set(PAYLOAD_SCHEMA_REVISION.REVISION, PAYLOAD_SCHEMA_REVISION.REVISION.plus(1)).execute();
            }
            return true;
        }));
        streams.forget(name.value());
        return deleted;
    }

    /**
     * One update of the event's row (ADR 63): the new document replaces the old one in the table, and the old row
     * version is dead — PostgreSQL's vacuum reclaims its space; readers never see it again.
     */
    @Override
    public boolean redact(StreamName stream, EventId id, EventDocument redacted) {
        return SqlFailures.call(() -> dsl.update(EVENTS)
                .set(EVENTS.DOCUMENT, redacted.json())
                .set(EVENTS.REDACTED_AT, DSL.coalesce(EVENTS.REDACTED_AT, DSL.currentOffsetDateTime()))
                .where(EVENTS.EVENT_ID.eq(id.value()))
                .and(EVENTS.EVENT_SEQUENCE_ID.in(DSL.select(EVENT_SEQUENCES.ID).from(EVENT_SEQUENCES)
                        .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                        .where(STREAMS.NAME.eq(stream.value()))))
                .execute()) > 0;
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
                row.getObject(3, OffsetDateTime.class), new EventDocument(row.getString(4)),
                EventRows.trace(row, 5)));
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
                                row.getObject(3, OffsetDateTime.class), new EventDocument(row.getString(4)),
                                EventRows.trace(row, 5)));
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
        List<RecordedEvent> page = sql.list(Statements.READ_PAGE, statement -> {
            statement.setLong(1, sequenceId.get());
            statement.setLong(2, after.value());
            statement.setInt(3, limit);
        }, row -> EventRows.recorded(new EventId(row.getObject(1, UUID.class)), name, row.getLong(2),
                row.getObject(3, OffsetDateTime.class), new EventDocument(row.getString(4)), EventRows.trace(row, 5)));
        if (page.isEmpty() && streams.stale(stream, name, sequenceId.get())) {
            // the remembered stream was deleted (ADR 62) and is forgotten now: the caller's next read — with the
            // offset of the new stream, if there is one — finds what is stored
            return List.of();
        }
        return page;
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
                    row.getObject(3, OffsetDateTime.class), (Boolean) row.getObject(4), row.getString(5),
                    EventRows.trace(row, 6)));
            for (ScannedRow row : page) {
                examined = Optional.of(new Sequence(row.sequence()));
                left--;
                if (Boolean.FALSE.equals(row.hit())) {
                    continue;
                }
                RecordedEvent event = EventRows.recorded(new EventId(row.id()), name, row.sequence(),
                        row.receivedAt(), new EventDocument(row.document()), row.trace());
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

    private record ScannedRow(UUID id, long sequence, OffsetDateTime receivedAt, Boolean hit, String document,
                              Optional<TraceContext> trace) {
    }
}

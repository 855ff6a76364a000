package io.eventserver.adapters.postgres.consumers;

import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_CURSORS;
import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_LEASES;
import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;

import java.util.List;
import java.util.Optional;

import io.eventserver.adapters.postgres.sql.HotStatements;
import io.eventserver.adapters.postgres.sql.SqlFailures;
import io.eventserver.adapters.postgres.sql.Statements;
import io.eventserver.adapters.postgres.streams.StreamDirectory;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import org.jooq.DSLContext;

/**
 * {@link CursorStore} on PostgreSQL. Saving is one upsert whose update never moves the offset backwards, so
 * concurrent acknowledgements end at the highest offset whatever order they commit in; it leaves a cursor with leases
 * alone (ADR 52), and says so. Both statements
 * are on the consume path, so they are constant SQL (adr/0016) keyed by the cached {@code event_sequences} id.
 */
public final class PostgresCursorStore implements CursorStore {

    private final HotStatements sql;
    private final StreamDirectory streams;
    private final DSLContext dsl;

    public PostgresCursorStore(HotStatements sql, StreamDirectory streams, DSLContext dsl) {
        this.sql = sql;
        this.streams = streams;
        this.dsl = dsl;
    }

    @Override
    public Optional<ConsumerCursor> find(ConsumerId consumer, StreamName stream, EventName eventName) {
        return streams.sequenceId(stream, eventName).flatMap(sequenceId -> sql.one(Statements.FIND_CURSOR,
                statement -> {
                    statement.setLong(1, sequenceId);
                    statement.setString(2, consumer.value());
                }, row -> ConsumerCursor.at(consumer, stream, eventName, new Sequence(row.getLong(1)),
                        new Sequence(row.getLong(2)))));
    }

    @Override
    public boolean save(ConsumerCursor cursor) {
        return upsert(cursor, Statements.MOVE_CURSOR_FORWARD);
    }

    @Override
    public boolean overwrite(ConsumerCursor cursor) {
        return upsert(cursor, Statements.OVERWRITE_CURSOR);
    }

    /**
     * One statement, so that it is atomic with concurrent saves and with leases: the row lock orders them, and a
     * cursor with leases (ADR 52) is left alone — then no row is inserted or updated.
     */
    private boolean upsert(ConsumerCursor cursor, String upsert) {
        long sequenceId = streams.sequenceId(cursor.stream(), cursor.eventName())
                .orElseThrow(() -> new IllegalStateException("no events named " + cursor.eventName()
                        + " in stream " + cursor.stream()
                        + ": a cursor can only point into an existing (stream, event name)"));
        return sql.update(upsert, statement -> {
            statement.setLong(1, sequenceId);
            statement.setString(2, cursor.consumer().value());
            statement.setLong(3, cursor.offset().value());
        }) > 0;
    }

    /**
     * One transaction (ADR 62): the consumer's cursor rows of the stream are locked in the order of their event names'
     * bytes — the order lease changes lock them in, so neither waits for the other in a cycle — then its leases, dead
     * letters and cursors are deleted. An acknowledgement or lease change in flight ends before; one that comes after
     * starts from offset 0.
     */
    @Override
    public boolean deleteConsumer(ConsumerId consumer, StreamName stream) {
        return SqlFailures.call(() -> dsl.transactionResult(transaction -> {
            DSLContext tx = transaction.dsl();
            List<Long> counters = tx.select(EVENT_SEQUENCES.ID).from(EVENT_SEQUENCES)
                    .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                    .where(STREAMS.NAME.eq(stream.value()))
                    .fetch(EVENT_SEQUENCES.ID);
            tx.select(CONSUMER_CURSORS.EVENT_SEQUENCE_ID).from(CONSUMER_CURSORS)
                    .join(EVENT_SEQUENCES).on(EVENT_SEQUENCES.ID.eq(CONSUMER_CURSORS.EVENT_SEQUENCE_ID))
                    .where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.in(counters))
                    .and(CONSUMER_CURSORS.CONSUMER_ID.eq(consumer.value()))
                    .orderBy(EVENT_SEQUENCES.EVENT_NAME.collate("C"))
                    .forUpdate().of(CONSUMER_CURSORS)
                    .fetch();
            int leases = tx.deleteFrom(CONSUMER_LEASES).where(CONSUMER_LEASES.EVENT_SEQUENCE_ID.in(counters))
                    .and(CONSUMER_LEASES.CONSUMER_ID.eq(consumer.value())).execute();
            int cursors = tx.deleteFrom(CONSUMER_CURSORS).where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.in(counters))
                    .and(CONSUMER_CURSORS.CONSUMER_ID.eq(consumer.value())).execute();
            return leases + cursors > 0;
        }));
    }
}

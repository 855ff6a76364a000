package io.eventserver.adapters.postgres.consumers;

import java.util.Optional;

import io.eventserver.adapters.postgres.sql.HotStatements;
import io.eventserver.adapters.postgres.sql.Statements;
import io.eventserver.adapters.postgres.streams.StreamDirectory;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * {@link CursorStore} on PostgreSQL. Saving is one upsert whose update never moves the offset backwards, so
 * concurrent acknowledgements end at the highest offset whatever order they commit in; it leaves a cursor with leases
 * alone (ADR 52), and says so. Both statements
 * are on the consume path, so they are constant SQL (adr/0016) keyed by the cached {@code event_sequences} id.
 */
public final class PostgresCursorStore implements CursorStore {

    private final HotStatements sql;
    private final StreamDirectory streams;

    public PostgresCursorStore(HotStatements sql, StreamDirectory streams) {
        this.sql = sql;
        this.streams = streams;
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
}

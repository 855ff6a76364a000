package io.eventserver.adapters.postgres;

import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_CURSORS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;

import java.util.Optional;

import io.eventserver.application.port.out.CursorStore;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@link CursorStore} on PostgreSQL. Saving is one upsert whose update only applies when it moves the offset
 * forward, so concurrent acknowledgements end at the highest offset whatever order they commit in.
 */
final class PostgresCursorStore implements CursorStore {

    private final DSLContext dsl;

    PostgresCursorStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<ConsumerCursor> find(ConsumerId consumer, StreamName stream, EventName eventName) {
        return Guard.call(() -> dsl.select(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE)
                .from(CONSUMER_CURSORS)
                .join(EVENT_SEQUENCES).on(EVENT_SEQUENCES.ID.eq(CONSUMER_CURSORS.EVENT_SEQUENCE_ID))
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .where(STREAMS.NAME.eq(stream.value()))
                .and(EVENT_SEQUENCES.EVENT_NAME.eq(eventName.value()))
                .and(CONSUMER_CURSORS.CONSUMER_ID.eq(consumer.value()))
                .fetchOptional(offset -> ConsumerCursor.at(consumer, stream, eventName, new Sequence(offset.value1()))));
    }

    @Override
    public void save(ConsumerCursor cursor) {
        upsert(cursor, true);
    }

    @Override
    public void overwrite(ConsumerCursor cursor) {
        upsert(cursor, false);
    }

    /** One statement, so that it is atomic with concurrent saves: the row lock orders them. */
    private void upsert(ConsumerCursor cursor, boolean onlyForward) {
        var update = CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE.lt(DSL.excluded(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE));
        int stored = Guard.call(() -> dsl.insertInto(CONSUMER_CURSORS,
                        CONSUMER_CURSORS.EVENT_SEQUENCE_ID, CONSUMER_CURSORS.CONSUMER_ID,
                        CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE)
                .select(dsl.select(EVENT_SEQUENCES.ID, DSL.val(cursor.consumer().value()),
                                DSL.val(cursor.offset().value()))
                        .from(EVENT_SEQUENCES)
                        .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                        .where(STREAMS.NAME.eq(cursor.stream().value()))
                        .and(EVENT_SEQUENCES.EVENT_NAME.eq(cursor.eventName().value())))
                .onConflict(CONSUMER_CURSORS.EVENT_SEQUENCE_ID, CONSUMER_CURSORS.CONSUMER_ID)
                .doUpdate()
                .set(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE, DSL.excluded(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE))
                .set(CONSUMER_CURSORS.ACKNOWLEDGED_AT, DSL.currentOffsetDateTime())
                .where(onlyForward ? update : DSL.trueCondition())
                .execute());
        if (stored == 0 && find(cursor.consumer(), cursor.stream(), cursor.eventName()).isEmpty()) {
            throw new IllegalStateException("no events named " + cursor.eventName() + " in stream " + cursor.stream()
                    + ": a cursor can only point into an existing (stream, event name)");
        }
    }
}

package io.eventserver.adapters.kafka;

import static io.eventserver.adapters.kafka.Statements.DIALECT;
import static io.eventserver.adapters.kafka.Statements.param;
import static io.eventserver.adapters.kafka.Statements.render;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_CURSORS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_FIRST_SEQUENCES;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_LEASES;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_TOPICS;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.OffsetDateTime;

import io.eventserver.adapters.kafka.schema.tables.KafkaCursors;
import io.eventserver.adapters.kafka.schema.tables.KafkaLeases;
import io.eventserver.adapters.kafka.schema.tables.KafkaTopics;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The statements of leased reads on the Kafka engine (ADR 52, ADR 57), over {@code kafka_cursors.leased_through}
 * and {@code kafka_leases}, built with jOOQ against the classes generated from this engine's migrations and rendered
 * once, like {@link Statements}. Each touches one cursor's rows through the primary key or a partial index.
 * Parameters are bound in the order the comments give.
 */
final class LeaseStatements {

    private static final KafkaLeases L = KAFKA_LEASES.as("l");
    private static final KafkaCursors C = KAFKA_CURSORS.as("c");
    private static final KafkaTopics T = KAFKA_TOPICS.as("t");

    static final String LEASED = "LEASED";
    static final String RELEASED = "RELEASED";
    static final String DEAD_LETTERED = "DEAD_LETTERED";

    /** The database's clock after the lock was taken: every node goes by it. */
    private static final Field<OffsetDateTime> CLOCK = field("clock_timestamp()", SQLDataType.TIMESTAMPWITHTIMEZONE);

    private static final Field<?>[] ENTRY = {L.SEQUENCE, L.EVENT_ID, L.STATE, L.DELIVERIES, L.UNTIL,
            L.DEAD_LETTERED_AT, L.RETRIED};

    private LeaseStatements() {
    }

    /** The rows of one cursor. Parameters: topic id, consumer. */
    private static Condition mine() {
        return L.TOPIC_ID.eq(param(SQLDataType.BIGINT)).and(L.CONSUMER.eq(param(SQLDataType.CLOB)));
    }

    private static Condition unfinished() {
        return L.STATE.in(inline(LEASED), inline(RELEASED));
    }

    /** Above the offset, or a retried dead letter. */
    private static Condition live(Field<Long> offset) {
        return L.SEQUENCE.gt(offset).or(L.RETRIED);
    }

    /**
     * What a reader sees without the lock, by the database's clock: the time, the offset and leasedThrough (0 without
     * a cursor), the events in flight (counted up to a most), whether an entry is leasable and when the next one
     * becomes leasable. The newest sequence is Kafka's. Parameters: consumer, the most to count, consumer, consumer,
     * consumer, topic id.
     */
    static final String PEEK = peek();

    /**
     * The last sequence retention removed of a topic (issue 25, ADR 60), 0 when none: the lease rules see it as the
     * cursor's leasedThrough when that is lower, as on the PostgreSQL engine — a removed event has no entry, so it
     * counts as done and is never leased, and a consumer whose offset lies before the first stored event leases from
     * that one, its offset unchanged. A scalar sub-select: the cursor's lock does not reach the row.
     */
    private static Field<Long> removedThrough(Field<Long> topicId) {
        return DSL.coalesce(DSL.field(DIALECT.select(KAFKA_FIRST_SEQUENCES.FIRST_SEQUENCE.minus(inline(1L)))
                .from(KAFKA_FIRST_SEQUENCES).where(KAFKA_FIRST_SEQUENCES.TOPIC_ID.eq(topicId))), inline(0L));
    }

    private static String peek() {
        Field<Long> offset = DSL.coalesce(C.OFFSET, inline(0L));
        Field<OffsetDateTime> now = DSL.currentOffsetDateTime();
        Table<?> inFlight = DIALECT.select(inline(1)).from(L)
                .where(L.TOPIC_ID.eq(T.ID)).and(L.CONSUMER.eq(param(SQLDataType.CLOB)))
                .and(L.STATE.eq(inline(LEASED))).and(L.UNTIL.gt(now)).and(live(offset))
                .limit(param(SQLDataType.INTEGER)).asTable("f");
        return render(DIALECT.select(now, offset, DSL.greatest(DSL.coalesce(C.LEASED_THROUGH, inline(0L)),
                                removedThrough(T.ID)),
                        DSL.field(DIALECT.selectCount().from(inFlight)),
                        DSL.field(DSL.exists(DIALECT.selectOne().from(L)
                                .where(L.TOPIC_ID.eq(T.ID)).and(L.CONSUMER.eq(param(SQLDataType.CLOB)))
                                .and(unfinished()).and(L.UNTIL.le(now)).and(live(offset)))),
                        DSL.field(DIALECT.select(DSL.min(L.UNTIL)).from(L)
                                .where(L.TOPIC_ID.eq(T.ID)).and(L.CONSUMER.eq(param(SQLDataType.CLOB)))
                                .and(unfinished()).and(L.UNTIL.gt(now))))
                .from(T)
                .leftJoin(C).on(C.TOPIC_ID.eq(T.ID).and(C.CONSUMER.eq(param(SQLDataType.CLOB))))
                .where(T.ID.eq(param(SQLDataType.BIGINT))));
    }

    /** Locks a cursor row and reads it with the database's clock. Parameters: topic id, consumer. */
    static final String LOCK_CURSOR = render(DIALECT.select(KAFKA_CURSORS.OFFSET,
                    DSL.greatest(KAFKA_CURSORS.LEASED_THROUGH, removedThrough(KAFKA_CURSORS.TOPIC_ID)), CLOCK)
            .from(KAFKA_CURSORS)
            .where(KAFKA_CURSORS.TOPIC_ID.eq(param(SQLDataType.BIGINT)))
            .and(KAFKA_CURSORS.CONSUMER.eq(param(SQLDataType.CLOB)))
            .forNoKeyUpdate());

    /** Creates a cursor at offset 0 unless it exists. Parameters: topic id, consumer. */
    static final String CREATE_CURSOR = render(DIALECT.insertInto(KAFKA_CURSORS, KAFKA_CURSORS.TOPIC_ID,
                    KAFKA_CURSORS.CONSUMER, KAFKA_CURSORS.OFFSET)
            .values(param(SQLDataType.BIGINT), param(SQLDataType.CLOB), inline(0L))
            .onConflictDoNothing());

    /**
     * Sets a cursor's offset and leasedThrough; the time of the offset changes when the offset does. Parameters:
     * offset, leasedThrough, offset, topic id, consumer.
     */
    static final String SET_CURSOR = render(DIALECT.update(KAFKA_CURSORS)
            .set(KAFKA_CURSORS.OFFSET, param(SQLDataType.BIGINT))
            .set(KAFKA_CURSORS.LEASED_THROUGH, param(SQLDataType.BIGINT))
            .set(KAFKA_CURSORS.ACKNOWLEDGED_AT, DSL.when(KAFKA_CURSORS.OFFSET.ne(param(SQLDataType.BIGINT)),
                    DSL.currentOffsetDateTime()).otherwise(KAFKA_CURSORS.ACKNOWLEDGED_AT))
            .where(KAFKA_CURSORS.TOPIC_ID.eq(param(SQLDataType.BIGINT)))
            .and(KAFKA_CURSORS.CONSUMER.eq(param(SQLDataType.CLOB))));

    /**
     * How many live rows are under an unexpired lease, up to a most. Parameters: topic id, consumer, now, offset, the
     * most to count.
     */
    static final String IN_FLIGHT = render(DIALECT.selectCount().from(DIALECT.select(inline(1)).from(L)
            .where(mine()).and(L.STATE.eq(inline(LEASED))).and(L.UNTIL.gt(param(SQLDataType.TIMESTAMPWITHTIMEZONE)))
            .and(live(param(SQLDataType.BIGINT)))
            .limit(param(SQLDataType.INTEGER)).asTable("f")));

    /**
     * Live unfinished rows whose lease expired or whose delay passed, in sequence order, up to a most. Parameters:
     * topic id, consumer, now, offset, the most.
     */
    static final String LEASABLE = render(DIALECT.select(ENTRY).from(L)
            .where(mine()).and(unfinished()).and(L.UNTIL.le(param(SQLDataType.TIMESTAMPWITHTIMEZONE)))
            .and(live(param(SQLDataType.BIGINT)))
            .orderBy(L.SEQUENCE)
            .limit(param(SQLDataType.INTEGER)));

    /** The rows of these sequences. Parameters: topic id, consumer, sequences (bigint[]). */
    static final String ENTRIES = render(DIALECT.select(ENTRY).from(L)
            .where(mine()).and(L.SEQUENCE.eq(DSL.any(param(SQLDataType.BIGINT.array())))));

    /** The lowest unfinished sequence above one. Parameters: topic id, consumer, after. */
    static final String FIRST_UNFINISHED = render(DIALECT.select(L.SEQUENCE).from(L)
            .where(mine()).and(unfinished()).and(L.SEQUENCE.gt(param(SQLDataType.BIGINT)))
            .orderBy(L.SEQUENCE)
            .limit(inline(1)));

    /**
     * Leases events for the first time: a row for each, with the id its Kafka record carries. Parameters: topic id,
     * consumer, until, sequences (bigint[]), event ids (uuid[]), pairwise.
     */
    static final String LEASE_FRESH = render(DIALECT.insertInto(KAFKA_LEASES, KAFKA_LEASES.TOPIC_ID,
                    KAFKA_LEASES.CONSUMER, KAFKA_LEASES.UNTIL, KAFKA_LEASES.STATE, KAFKA_LEASES.DELIVERIES,
                    KAFKA_LEASES.SEQUENCE, KAFKA_LEASES.EVENT_ID)
            .select(DIALECT.select(param(SQLDataType.BIGINT), param(SQLDataType.CLOB),
                            param(SQLDataType.TIMESTAMPWITHTIMEZONE), inline(LEASED), inline(1),
                            field(name("f", "sequence"), SQLDataType.BIGINT),
                            field(name("f", "event_id"), SQLDataType.UUID))
                    .from(table("unnest({0}, {1})", param(SQLDataType.BIGINT.array()),
                            param(SQLDataType.UUID.array())).as("f", "sequence", "event_id"))));

    /**
     * Stores rows as they are now, set-based. Parameters: sequences (bigint[]), states (varchar[]), deliveries
     * (int[]), until (timestamptz[]), dead-lettering times (timestamptz[]), retried (boolean[]), topic id, consumer.
     */
    static final String PUT = put();

    private static String put() {
        Table<?> u = table("unnest({0}, {1}, {2}, {3}, {4}, {5})", param(SQLDataType.BIGINT.array()),
                param(SQLDataType.VARCHAR.array()), param(SQLDataType.INTEGER.array()),
                param(SQLDataType.TIMESTAMPWITHTIMEZONE.array()), param(SQLDataType.TIMESTAMPWITHTIMEZONE.array()),
                param(SQLDataType.BOOLEAN.array()))
                .as("u", "sequence", "state", "deliveries", "until", "dead_lettered_at", "retried");
        return render(DIALECT.update(L)
                .set(L.STATE, field(name("u", "state"), SQLDataType.VARCHAR))
                .set(L.DELIVERIES, field(name("u", "deliveries"), SQLDataType.INTEGER))
                .set(L.UNTIL, field(name("u", "until"), SQLDataType.TIMESTAMPWITHTIMEZONE))
                .set(L.DEAD_LETTERED_AT, field(name("u", "dead_lettered_at"), SQLDataType.TIMESTAMPWITHTIMEZONE))
                .set(L.RETRIED, field(name("u", "retried"), SQLDataType.BOOLEAN))
                .from(u)
                .where(mine()).and(L.SEQUENCE.eq(field(name("u", "sequence"), SQLDataType.BIGINT))));
    }

    /** Removes the rows of these sequences. Parameters: topic id, consumer, sequences (bigint[]). */
    static final String REMOVE = render(DIALECT.deleteFrom(L)
            .where(mine()).and(L.SEQUENCE.eq(DSL.any(param(SQLDataType.BIGINT.array())))));

    /** Removes every row at or below a sequence but dead letters. Parameters: topic id, consumer, through. */
    static final String END_LEASES_THROUGH = render(DIALECT.deleteFrom(L)
            .where(mine()).and(L.SEQUENCE.le(param(SQLDataType.BIGINT))).and(L.STATE.ne(inline(DEAD_LETTERED))));

    /** Removes every row above a sequence. Parameters: topic id, consumer, after. */
    static final String REMOVE_AFTER = render(DIALECT.deleteFrom(L)
            .where(mine()).and(L.SEQUENCE.gt(param(SQLDataType.BIGINT))));

    /**
     * The event name and sequence of the events with these ids that have a row of the consumer in the stream.
     * Parameters: consumer, event ids (uuid[]), stream.
     */
    static final String FIND = render(DIALECT.select(L.EVENT_ID, T.EVENT_NAME, L.SEQUENCE).from(L)
            .join(T).on(T.ID.eq(L.TOPIC_ID))
            .where(L.CONSUMER.eq(param(SQLDataType.CLOB)))
            .and(L.EVENT_ID.eq(DSL.any(param(SQLDataType.UUID.array()))))
            .and(T.STREAM.eq(param(SQLDataType.CLOB))));

    /** Dead letters after a sequence, in sequence order, up to a most. Parameters: topic id, consumer, after, most. */
    static final String DEAD_LETTERS = render(DIALECT.select(ENTRY).from(L)
            .where(mine()).and(L.STATE.eq(inline(DEAD_LETTERED))).and(L.SEQUENCE.gt(param(SQLDataType.BIGINT)))
            .orderBy(L.SEQUENCE)
            .limit(param(SQLDataType.INTEGER)));

    /**
     * Per cursor with leases among these (event name, consumer) pairs of a stream: events under an unexpired lease
     * and dead letters. Parameters: event names (text[]), consumers (text[]), stream.
     */
    static final String COUNTS = counts();

    private static String counts() {
        Field<String> wName = field(name("w", "event_name"), SQLDataType.CLOB);
        Field<String> wConsumer = field(name("w", "consumer"), SQLDataType.CLOB);
        Condition ofCursor = L.TOPIC_ID.eq(C.TOPIC_ID).and(L.CONSUMER.eq(C.CONSUMER));
        return render(DIALECT.select(T.EVENT_NAME, C.CONSUMER,
                        DSL.field(DIALECT.selectCount().from(L).where(ofCursor).and(L.STATE.eq(inline(LEASED)))
                                .and(L.UNTIL.gt(DSL.currentOffsetDateTime())).and(live(C.OFFSET))),
                        DSL.field(DIALECT.selectCount().from(L).where(ofCursor)
                                .and(L.STATE.eq(inline(DEAD_LETTERED)))))
                .from(table("unnest({0}, {1})", param(SQLDataType.CLOB.array()), param(SQLDataType.CLOB.array()))
                        .as("w", "event_name", "consumer"))
                .join(T).on(T.EVENT_NAME.eq(wName))
                .join(C).on(C.TOPIC_ID.eq(T.ID).and(C.CONSUMER.eq(wConsumer)))
                .where(T.STREAM.eq(param(SQLDataType.CLOB)))
                .and(C.LEASED_THROUGH.gt(inline(0L))));
    }
}

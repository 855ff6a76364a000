package io.eventserver.adapters.kafka;

import static io.eventserver.adapters.kafka.Statements.DIALECT;
import static io.eventserver.adapters.kafka.Statements.param;
import static io.eventserver.adapters.kafka.Statements.render;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_CURSORS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_FIRST_SEQUENCES;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_IDEMPOTENCY_KEYS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_LEASES;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_STREAMS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_STREAM_RETENTION;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_TOPICS;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.select;

import io.eventserver.adapters.kafka.schema.tables.KafkaCursors;
import io.eventserver.adapters.kafka.schema.tables.KafkaLeases;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The metadata statements of retention on the Kafka engine (issue 25, ADR 60), built like {@link Statements}: with
 * jOOQ against the classes generated from this engine's migrations, rendered once into constant SQL whose
 * parameters are bound in the order the comments give.
 */
final class RetentionStatements {

    private static final KafkaCursors C = KAFKA_CURSORS.as("c");
    private static final KafkaLeases L = KAFKA_LEASES.as("l");

    private RetentionStatements() {
    }

    /**
     * A stream's name (to tell it exists) and its own retention, null columns when it has none: the retention row's
     * stream, max age as written, in milliseconds, max events. Parameters: stream.
     */
    static final String FIND = render(DIALECT.select(KAFKA_STREAMS.NAME, KAFKA_STREAM_RETENTION.STREAM,
                    KAFKA_STREAM_RETENTION.MAX_AGE, KAFKA_STREAM_RETENTION.MAX_AGE_MS,
                    KAFKA_STREAM_RETENTION.MAX_EVENTS)
            .from(KAFKA_STREAMS)
            .leftJoin(KAFKA_STREAM_RETENTION).on(KAFKA_STREAM_RETENTION.STREAM.eq(KAFKA_STREAMS.NAME))
            .where(KAFKA_STREAMS.NAME.eq(param(KAFKA_STREAMS.NAME))));

    /**
     * Gives a stream that exists its own retention, replacing the one it had; 0 rows when the stream does not exist.
     * Parameters: max age (text), max age ms, max events, stream.
     */
    static final String SAVE = render(DIALECT.insertInto(KAFKA_STREAM_RETENTION, KAFKA_STREAM_RETENTION.STREAM,
                    KAFKA_STREAM_RETENTION.MAX_AGE, KAFKA_STREAM_RETENTION.MAX_AGE_MS,
                    KAFKA_STREAM_RETENTION.MAX_EVENTS)
            .select(select(KAFKA_STREAMS.NAME, param(KAFKA_STREAM_RETENTION.MAX_AGE),
                    param(KAFKA_STREAM_RETENTION.MAX_AGE_MS), param(KAFKA_STREAM_RETENTION.MAX_EVENTS))
                    .from(KAFKA_STREAMS)
                    .where(KAFKA_STREAMS.NAME.eq(param(KAFKA_STREAMS.NAME))))
            .onConflict(KAFKA_STREAM_RETENTION.STREAM).doUpdate()
            .set(KAFKA_STREAM_RETENTION.MAX_AGE, excluded(KAFKA_STREAM_RETENTION.MAX_AGE))
            .set(KAFKA_STREAM_RETENTION.MAX_AGE_MS, excluded(KAFKA_STREAM_RETENTION.MAX_AGE_MS))
            .set(KAFKA_STREAM_RETENTION.MAX_EVENTS, excluded(KAFKA_STREAM_RETENTION.MAX_EVENTS))
            .set(KAFKA_STREAM_RETENTION.CHANGED_AT, DSL.currentOffsetDateTime()));

    /**
     * The first sequence retention accounted (1 when none) of these event names of a stream that have a created
     * topic. Parameters: stream, event names (text[]).
     */
    static final String FIRST_SEQUENCES = render(DIALECT.select(KAFKA_TOPICS.EVENT_NAME,
                    DSL.coalesce(KAFKA_FIRST_SEQUENCES.FIRST_SEQUENCE, inline(1L)))
            .from(KAFKA_TOPICS)
            .leftJoin(KAFKA_FIRST_SEQUENCES).on(KAFKA_FIRST_SEQUENCES.TOPIC_ID.eq(KAFKA_TOPICS.ID))
            .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM)))
            .and(KAFKA_TOPICS.EVENT_NAME.eq(any(param(SQLDataType.CLOB.array()))))
            .and(KAFKA_TOPICS.READY));

    /**
     * Every created topic with its stream's own retention (whether it has one, max age ms, max events), its
     * accounted first sequence and the retention.ms it was last given: id, stream, event name, topic, has own, max
     * age ms, max events, first, retention.ms. No parameters.
     */
    static final String TOPICS = render(DIALECT.select(KAFKA_TOPICS.ID, KAFKA_TOPICS.STREAM, KAFKA_TOPICS.EVENT_NAME,
                    KAFKA_TOPICS.TOPIC, KAFKA_STREAM_RETENTION.STREAM.isNotNull(), KAFKA_STREAM_RETENTION.MAX_AGE_MS,
                    KAFKA_STREAM_RETENTION.MAX_EVENTS, DSL.coalesce(KAFKA_FIRST_SEQUENCES.FIRST_SEQUENCE, inline(1L)),
                    DSL.coalesce(KAFKA_FIRST_SEQUENCES.RETENTION_MS, inline(-1L)))
            .from(KAFKA_TOPICS)
            .leftJoin(KAFKA_STREAM_RETENTION).on(KAFKA_STREAM_RETENTION.STREAM.eq(KAFKA_TOPICS.STREAM))
            .leftJoin(KAFKA_FIRST_SEQUENCES).on(KAFKA_FIRST_SEQUENCES.TOPIC_ID.eq(KAFKA_TOPICS.ID))
            .where(KAFKA_TOPICS.READY)
            .orderBy(KAFKA_TOPICS.ID));

    /** Records the retention.ms a topic was given. Parameters: topic id, retention.ms. */
    static final String SET_RETENTION_MS = render(DIALECT.insertInto(KAFKA_FIRST_SEQUENCES,
                    KAFKA_FIRST_SEQUENCES.TOPIC_ID, KAFKA_FIRST_SEQUENCES.FIRST_SEQUENCE,
                    KAFKA_FIRST_SEQUENCES.RETENTION_MS)
            .values(param(KAFKA_FIRST_SEQUENCES.TOPIC_ID), inline(1L), param(KAFKA_FIRST_SEQUENCES.RETENTION_MS))
            .onConflict(KAFKA_FIRST_SEQUENCES.TOPIC_ID).doUpdate()
            .set(KAFKA_FIRST_SEQUENCES.RETENTION_MS, excluded(KAFKA_FIRST_SEQUENCES.RETENTION_MS)));

    /** The row of a topic's first sequence, at 1, unless it exists. Parameters: topic id. */
    static final String ADD_FIRST = render(DIALECT.insertInto(KAFKA_FIRST_SEQUENCES,
                    KAFKA_FIRST_SEQUENCES.TOPIC_ID, KAFKA_FIRST_SEQUENCES.FIRST_SEQUENCE)
            .values(param(KAFKA_FIRST_SEQUENCES.TOPIC_ID), inline(1L))
            .onConflictDoNothing());

    /**
     * Locks a topic's first sequence and reads it; no row when another process holds it (skipped, not waited for).
     * Parameters: topic id.
     */
    static final String LOCK_FIRST = render(DIALECT.select(KAFKA_FIRST_SEQUENCES.FIRST_SEQUENCE)
            .from(KAFKA_FIRST_SEQUENCES)
            .where(KAFKA_FIRST_SEQUENCES.TOPIC_ID.eq(param(KAFKA_FIRST_SEQUENCES.TOPIC_ID)))
            .forUpdate().skipLocked());

    /** Moves a topic's first sequence. Parameters: first sequence, topic id. */
    static final String SET_FIRST = render(DIALECT.update(KAFKA_FIRST_SEQUENCES)
            .set(KAFKA_FIRST_SEQUENCES.FIRST_SEQUENCE, param(KAFKA_FIRST_SEQUENCES.FIRST_SEQUENCE))
            .where(KAFKA_FIRST_SEQUENCES.TOPIC_ID.eq(param(KAFKA_FIRST_SEQUENCES.TOPIC_ID))));

    /**
     * Locks a topic's cursors, in consumer order, and reads each one's consumer, offset, leasedThrough and how many
     * lease entries it has in a range of sequences. Parameters: from (inclusive), to (exclusive), topic id.
     */
    static final String LOCK_CURSORS = render(DIALECT.select(C.CONSUMER, C.OFFSET, C.LEASED_THROUGH,
                    DSL.field(DIALECT.selectCount().from(L)
                            .where(L.TOPIC_ID.eq(C.TOPIC_ID))
                            .and(L.CONSUMER.eq(C.CONSUMER))
                            .and(L.SEQUENCE.ge(param(SQLDataType.BIGINT)))
                            .and(L.SEQUENCE.lt(param(SQLDataType.BIGINT)))))
            .from(C)
            .where(C.TOPIC_ID.eq(param(SQLDataType.BIGINT)))
            .orderBy(C.CONSUMER)
            .forNoKeyUpdate());

    /** Adds to a cursor's expiredUnacknowledged. Parameters: count, topic id, consumer. */
    static final String ADD_EXPIRED = render(DIALECT.update(KAFKA_CURSORS)
            .set(KAFKA_CURSORS.EXPIRED_UNACKNOWLEDGED,
                    KAFKA_CURSORS.EXPIRED_UNACKNOWLEDGED.plus(param(SQLDataType.BIGINT)))
            .where(KAFKA_CURSORS.TOPIC_ID.eq(param(KAFKA_CURSORS.TOPIC_ID)))
            .and(KAFKA_CURSORS.CONSUMER.eq(param(KAFKA_CURSORS.CONSUMER))));

    /** The lease entries (and dead letters) of a topic below a sequence. Parameters: topic id, sequence. */
    static final String DELETE_LEASES_BELOW = render(DIALECT.deleteFrom(KAFKA_LEASES)
            .where(KAFKA_LEASES.TOPIC_ID.eq(param(KAFKA_LEASES.TOPIC_ID)))
            .and(KAFKA_LEASES.SEQUENCE.lt(param(KAFKA_LEASES.SEQUENCE))));

    /** Whether a stream has any idempotency key (its primary key's prefix). Parameters: stream. */
    static final String HAS_KEYS = render(DIALECT.selectOne().from(KAFKA_IDEMPOTENCY_KEYS)
            .where(KAFKA_IDEMPOTENCY_KEYS.STREAM.eq(param(KAFKA_IDEMPOTENCY_KEYS.STREAM)))
            .limit(inline(1)));

    /** The idempotency keys of a stream that name one of these events. Parameters: stream, event ids (uuid[]). */
    static final String DELETE_KEYS_OF = render(DIALECT.deleteFrom(KAFKA_IDEMPOTENCY_KEYS)
            .where(KAFKA_IDEMPOTENCY_KEYS.STREAM.eq(param(KAFKA_IDEMPOTENCY_KEYS.STREAM)))
            .and(DSL.condition("{0} && {1}", KAFKA_IDEMPOTENCY_KEYS.EVENT_IDS, param(SQLDataType.UUID.array()))));

    /**
     * The stored idempotency keys of a stream reserved more than some milliseconds ago: for the events Kafka removed
     * on its own, whose ids cannot be read any more. Parameters: stream, milliseconds.
     */
    static final String DELETE_KEYS_OLDER = render(DIALECT.deleteFrom(KAFKA_IDEMPOTENCY_KEYS)
            .where(KAFKA_IDEMPOTENCY_KEYS.STREAM.eq(param(KAFKA_IDEMPOTENCY_KEYS.STREAM)))
            .and(KAFKA_IDEMPOTENCY_KEYS.STORED)
            .and(KAFKA_IDEMPOTENCY_KEYS.CREATED_AT.lt(DSL.currentOffsetDateTime().minus(DSL.field(
                    "{0} * interval '1 millisecond'", SQLDataType.INTERVALDAYTOSECOND,
                    param(SQLDataType.BIGINT))))));
}

package io.eventserver.adapters.kafka;

import static io.eventserver.adapters.kafka.schema.Sequences.KAFKA_TOPICS_ID_SEQ;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_CURSORS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_FIRST_SEQUENCES;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_IDEMPOTENCY_KEYS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_LEASES;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_PAYLOAD_SCHEMAS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_PAYLOAD_SCHEMA_REVISION;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_REDACTIONS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_STREAMS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_STREAM_RETENTION;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_TOPICS;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import io.eventserver.adapters.kafka.schema.tables.KafkaCursors;
import io.eventserver.adapters.kafka.schema.tables.KafkaIdempotencyKeys;
import io.eventserver.adapters.kafka.schema.tables.KafkaTopics;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateSetStep;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The metadata statements of this engine's publish, consume and acknowledge paths, built with jOOQ against the
 * classes generated from its own migrations ({@code db/kafka-migration}) — so the compiler checks every table,
 * column and type — and rendered once, here, into constant SQL with {@code ?} parameters (ADR 25, ADR 56). {@link Sql}
 * runs them as prepared statements; their parameters are bound in the order the comments give, which is the order
 * they appear in the text. The operator's reads ({@link KafkaStreamCatalog}) are built against the same classes
 * but rendered per call, with the same {@link #SETTINGS} ({@link Sql#read}): they run a few times a minute.
 * <p>
 * A new statement (a lease's, say) is one more constant here, built from {@code schema.Tables}, and one more line
 * in {@code StatementsTest}; {@link Sql} runs it alone or in a {@link Sql#transaction}.
 */
final class Statements {

    /**
     * PostgreSQL, no schema name (the server runs in whatever schema its user's search path names), indexed
     * parameters. Names stay quoted, jOOQ's default: {@code kafka_cursors.offset} is a reserved word.
     */
    static final Settings SETTINGS = new Settings().withRenderSchema(false).withParamType(ParamType.INDEXED);

    /** The dialect and settings every statement of this engine is rendered with. */
    static final DSLContext DIALECT = DSL.using(SQLDialect.POSTGRES, SETTINGS);

    /** The alias the cursor upserts use for the existing row. Declared before the statements that use it. */
    private static final KafkaCursors CURSOR = KAFKA_CURSORS.as("c");

    private static final KafkaIdempotencyKeys KEYS = KAFKA_IDEMPOTENCY_KEYS;

    private Statements() {
    }

    /** The columns {@code Topics} reads a topic from, in this order: id, stream, event name, topic. */
    private static SelectField<?>[] topicColumns(KafkaTopics topics) {
        return new SelectField<?>[] {topics.ID, topics.STREAM, topics.EVENT_NAME, topics.TOPIC};
    }

    // --- streams

    /** A stream's owner. Parameters: name. */
    static final String FIND_STREAM = render(DIALECT.select(KAFKA_STREAMS.OWNER).from(KAFKA_STREAMS)
            .where(KAFKA_STREAMS.NAME.eq(param(KAFKA_STREAMS.NAME))));

    /** Claims a stream; a name that exists already is left alone (0 rows). Parameters: name, owner. */
    static final String CLAIM_STREAM = render(DIALECT.insertInto(KAFKA_STREAMS, KAFKA_STREAMS.NAME,
                    KAFKA_STREAMS.OWNER)
            .values(param(KAFKA_STREAMS.NAME), param(KAFKA_STREAMS.OWNER))
            .onConflictDoNothing());

    /**
     * Locks a stream's row, so that the transactions adding event names to one stream — on any process — take
     * turns. Parameters: name.
     */
    static final String LOCK_STREAM = render(DIALECT.select(KAFKA_STREAMS.NAME).from(KAFKA_STREAMS)
            .where(KAFKA_STREAMS.NAME.eq(param(KAFKA_STREAMS.NAME)))
            .forUpdate());

    /**
     * Locks a topic's row for an append with an expected sequence (ADR 64): such appends to one topic — on any
     * process — check and produce one after the other. {@code for no key update}: cursors, whose foreign key points
     * at the row, are not held up. Parameters: id.
     */
    static final String LOCK_TOPIC = render(DIALECT.select(KAFKA_TOPICS.ID).from(KAFKA_TOPICS)
            .where(KAFKA_TOPICS.ID.eq(param(KAFKA_TOPICS.ID)))
            .forNoKeyUpdate());

    // --- topics: id, stream, event name, topic

    /** The topic of a (stream, event name), once it was created. Parameters: stream, event name. */
    static final String FIND_TOPIC = render(DIALECT.select(topicColumns(KAFKA_TOPICS)).from(KAFKA_TOPICS)
            .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM)))
            .and(KAFKA_TOPICS.EVENT_NAME.eq(param(KAFKA_TOPICS.EVENT_NAME)))
            .and(KAFKA_TOPICS.READY));

    /** The rows of these event names of a stream, created or not. Parameters: stream, event names (text[]). */
    static final String TOPICS_OF_NAMES = render(DIALECT.select(topicColumns(KAFKA_TOPICS)).from(KAFKA_TOPICS)
            .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM)))
            .and(KAFKA_TOPICS.EVENT_NAME.eq(any(param(SQLDataType.CLOB.array())))));

    /** How many event names (topic rows) a stream has. Parameters: stream. */
    static final String COUNT_TOPICS = render(DIALECT.selectCount().from(KAFKA_TOPICS)
            .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM))));

    /**
     * Adds the row of a new (stream, event name): its id from the sequence, its topic the prefix followed by that
     * id. Parameters: stream, event name, topic prefix.
     */
    static final String ADD_TOPIC = render(addTopic());

    /** Notes that a topic was created in Kafka. Parameters: id. */
    static final String TOPIC_READY = render(DIALECT.update(KAFKA_TOPICS)
            .set(KAFKA_TOPICS.READY, inline(true))
            .where(KAFKA_TOPICS.ID.eq(param(KAFKA_TOPICS.ID)))
            .and(DSL.not(KAFKA_TOPICS.READY)));

    /**
     * The created topics among these (stream, event name) pairs; one query for all of them. Parameters: streams
     * (text[]), event names (text[]), pairwise.
     */
    static final String CREATED_TOPICS = render(createdTopics());

    /**
     * The id of a (stream, event name)'s created topic and the first sequence retention accounted of it (ADR 60; 1
     * when none). Parameters: stream, event name.
     */
    static final String FIND_TOPIC_FIRST = render(DIALECT.select(KAFKA_TOPICS.ID,
                    DSL.coalesce(KAFKA_FIRST_SEQUENCES.FIRST_SEQUENCE, inline(1L)))
            .from(KAFKA_TOPICS)
            .leftJoin(KAFKA_FIRST_SEQUENCES).on(KAFKA_FIRST_SEQUENCES.TOPIC_ID.eq(KAFKA_TOPICS.ID))
            .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM)))
            .and(KAFKA_TOPICS.EVENT_NAME.eq(param(KAFKA_TOPICS.EVENT_NAME)))
            .and(KAFKA_TOPICS.READY));

    /**
     * What a page read from a topic needs from PostgreSQL, in one trip (issue 28): the topic's row id and first
     * stored sequence as {@link #FIND_TOPIC_FIRST} has them, and whether its stream has any redacted event (ADR 63) —
     * only then are the page's events looked up in {@link #REDACTED}. No row when the topic is gone. Parameters:
     * stream, event name.
     */
    static final String PAGE_CHECK = render(DIALECT.select(KAFKA_TOPICS.ID,
                    DSL.coalesce(KAFKA_FIRST_SEQUENCES.FIRST_SEQUENCE, inline(1L)),
                    DSL.field(DSL.exists(DSL.selectOne().from(KAFKA_REDACTIONS)
                            .where(KAFKA_REDACTIONS.STREAM.eq(KAFKA_TOPICS.STREAM)))))
            .from(KAFKA_TOPICS)
            .leftJoin(KAFKA_FIRST_SEQUENCES).on(KAFKA_FIRST_SEQUENCES.TOPIC_ID.eq(KAFKA_TOPICS.ID))
            .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM)))
            .and(KAFKA_TOPICS.EVENT_NAME.eq(param(KAFKA_TOPICS.EVENT_NAME)))
            .and(KAFKA_TOPICS.READY));

    /** Every created topic of a stream, in event-name order. Parameters: stream. */
    static final String TOPICS_OF_STREAM = render(DIALECT.select(topicColumns(KAFKA_TOPICS)).from(KAFKA_TOPICS)
            .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM)))
            .and(KAFKA_TOPICS.READY)
            .orderBy(KAFKA_TOPICS.EVENT_NAME));

    /** Every topic row of a stream, created or not. Parameters: stream. */
    static final String ALL_TOPICS_OF_STREAM = render(DIALECT.select(topicColumns(KAFKA_TOPICS)).from(KAFKA_TOPICS)
            .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM))));

    // --- deleting a stream (ADR 62), in this order, under the stream's row lock

    /** The stream's cursors. Parameters: stream. */
    static final String DELETE_STREAM_CURSORS = render(DIALECT.deleteFrom(KAFKA_CURSORS)
            .where(KAFKA_CURSORS.TOPIC_ID.in(select(KAFKA_TOPICS.ID).from(KAFKA_TOPICS)
                    .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM))))));

    /** The stream's idempotency keys. Parameters: stream. */
    static final String DELETE_STREAM_KEYS = render(DIALECT.deleteFrom(KAFKA_IDEMPOTENCY_KEYS)
            .where(KAFKA_IDEMPOTENCY_KEYS.STREAM.eq(param(KAFKA_IDEMPOTENCY_KEYS.STREAM))));

    /** The stream's redactions. Parameters: stream. */
    static final String DELETE_STREAM_REDACTIONS = render(DIALECT.deleteFrom(KAFKA_REDACTIONS)
            .where(KAFKA_REDACTIONS.STREAM.eq(param(KAFKA_REDACTIONS.STREAM))));

    /** The stream's payload schemas (ADR 62, 66). Parameters: stream. */
    static final String DELETE_STREAM_SCHEMAS = render(DIALECT.deleteFrom(KAFKA_PAYLOAD_SCHEMAS)
            .where(KAFKA_PAYLOAD_SCHEMAS.STREAM.eq(param(KAFKA_PAYLOAD_SCHEMAS.STREAM))));

    /** Tells every node that the schemas changed (ADR 66). No parameters. */
    static final String BUMP_SCHEMA_REVISION = render(DIALECT.update(KAFKA_PAYLOAD_SCHEMA_REVISION)
            .set(KAFKA_PAYLOAD_SCHEMA_REVISION.REVISION, KAFKA_PAYLOAD_SCHEMA_REVISION.REVISION.plus(inline(1L))));

    /** The stream's topic rows. Parameters: stream. */
    static final String DELETE_STREAM_TOPICS = render(DIALECT.deleteFrom(KAFKA_TOPICS)
            .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM))));

    /** The first sequences retention accounted of the stream's topics (ADR 60). Parameters: stream. */
    static final String DELETE_STREAM_FIRST_SEQUENCES = render(DIALECT.deleteFrom(KAFKA_FIRST_SEQUENCES)
            .where(KAFKA_FIRST_SEQUENCES.TOPIC_ID.in(select(KAFKA_TOPICS.ID).from(KAFKA_TOPICS)
                    .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM))))));

    /** The stream's own retention (ADR 60). Parameters: stream. */
    static final String DELETE_STREAM_RETENTION = render(DIALECT.deleteFrom(KAFKA_STREAM_RETENTION)
            .where(KAFKA_STREAM_RETENTION.STREAM.eq(param(KAFKA_STREAM_RETENTION.STREAM))));

    /** The stream's row. Parameters: name. */
    static final String DELETE_STREAM = render(DIALECT.deleteFrom(KAFKA_STREAMS)
            .where(KAFKA_STREAMS.NAME.eq(param(KAFKA_STREAMS.NAME))));

    /** The lease rows of the stream's topics (ADR 57). Parameters: stream. */
    static final String DELETE_STREAM_LEASES = render(DIALECT.deleteFrom(KAFKA_LEASES)
            .where(KAFKA_LEASES.TOPIC_ID.in(select(KAFKA_TOPICS.ID).from(KAFKA_TOPICS)
                    .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM))))));

    /** One consumer's lease rows in a stream (ADR 57, 62). Parameters: consumer, stream. */
    static final String DELETE_CONSUMER_LEASES = render(DIALECT.deleteFrom(KAFKA_LEASES)
            .where(KAFKA_LEASES.CONSUMER.eq(param(KAFKA_LEASES.CONSUMER)))
            .and(KAFKA_LEASES.TOPIC_ID.in(select(KAFKA_TOPICS.ID).from(KAFKA_TOPICS)
                    .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM))))));

    /** One consumer's cursors in a stream (ADR 62). Parameters: consumer, stream. */
    static final String DELETE_CONSUMER = render(DIALECT.deleteFrom(KAFKA_CURSORS)
            .where(KAFKA_CURSORS.CONSUMER.eq(param(KAFKA_CURSORS.CONSUMER)))
            .and(KAFKA_CURSORS.TOPIC_ID.in(select(KAFKA_TOPICS.ID).from(KAFKA_TOPICS)
                    .where(KAFKA_TOPICS.STREAM.eq(param(KAFKA_TOPICS.STREAM))))));

    // --- redactions (ADR 63)

    /** Records an event's redacted document; a second redaction leaves the first. Parameters: id, stream, document. */
    static final String REDACT = render(DIALECT.insertInto(KAFKA_REDACTIONS, KAFKA_REDACTIONS.EVENT_ID,
                    KAFKA_REDACTIONS.STREAM, KAFKA_REDACTIONS.DOCUMENT)
            .values(param(KAFKA_REDACTIONS.EVENT_ID), param(KAFKA_REDACTIONS.STREAM), param(KAFKA_REDACTIONS.DOCUMENT))
            .onConflictDoNothing());

    /** The redacted documents among these events of a stream. Parameters: stream, ids (uuid[]). */
    static final String REDACTED = render(DIALECT.select(KAFKA_REDACTIONS.EVENT_ID, KAFKA_REDACTIONS.DOCUMENT)
            .from(KAFKA_REDACTIONS)
            .where(KAFKA_REDACTIONS.STREAM.eq(param(KAFKA_REDACTIONS.STREAM)))
            .and(KAFKA_REDACTIONS.EVENT_ID.eq(any(param(SQLDataType.UUID.array())))));

    // --- cursors

    /** A cursor's offset and leasedThrough (ADR 52). Parameters: topic id, consumer. */
    static final String FIND_CURSOR = render(DIALECT.select(KAFKA_CURSORS.OFFSET, KAFKA_CURSORS.LEASED_THROUGH)
            .from(KAFKA_CURSORS)
            .where(KAFKA_CURSORS.TOPIC_ID.eq(param(KAFKA_CURSORS.TOPIC_ID)))
            .and(KAFKA_CURSORS.CONSUMER.eq(param(KAFKA_CURSORS.CONSUMER))));

    /**
     * Sets a cursor's offset, also backwards, creating it — unless the cursor has leases (ADR 52): then it changes
     * nothing and its row count is 0. Parameters: topic id, consumer, offset.
     */
    static final String OVERWRITE_CURSOR = render(upsertCursor()
            .set(CURSOR.OFFSET, excluded(CURSOR.OFFSET))
            .set(CURSOR.ACKNOWLEDGED_AT, DSL.currentOffsetDateTime())
            .where(CURSOR.LEASED_THROUGH.eq(inline(0L))));

    /**
     * Moves a cursor's offset forward only, creating it; a lower offset leaves the higher one (and its time). A
     * cursor with leases (ADR 52) is left alone, and the row count says so: 0. Parameters: topic id, consumer,
     * offset.
     */
    static final String MOVE_CURSOR_FORWARD = render(upsertCursor()
            .set(CURSOR.OFFSET, DSL.greatest(CURSOR.OFFSET, excluded(CURSOR.OFFSET)))
            .set(CURSOR.ACKNOWLEDGED_AT, DSL.when(excluded(CURSOR.OFFSET).gt(CURSOR.OFFSET),
                    DSL.currentOffsetDateTime()).otherwise(CURSOR.ACKNOWLEDGED_AT))
            .where(CURSOR.LEASED_THROUGH.eq(inline(0L))));

    // --- idempotency keys

    /**
     * Reserves a key with the ids its events are going to have; a key that exists is left alone (0 rows).
     * Parameters: stream, producer, key, fingerprint, event ids (uuid[]).
     */
    static final String CLAIM_KEY = render(DIALECT.insertInto(KEYS, KEYS.STREAM, KEYS.PRODUCER, KEYS.KEY,
                    KEYS.FINGERPRINT, KEYS.EVENT_IDS)
            .values(param(KEYS.STREAM), param(KEYS.PRODUCER), param(KEYS.KEY), param(KEYS.FINGERPRINT),
                    param(KEYS.EVENT_IDS))
            .onConflictDoNothing());

    /**
     * A key's fingerprint, event ids, whether they are stored, when it was reserved and the database's time now (its
     * age is measured on the database's clock). Parameters: stream, producer, key.
     */
    static final String FIND_KEY = render(DIALECT.select(KEYS.FINGERPRINT, KEYS.EVENT_IDS, KEYS.STORED,
                    KEYS.CREATED_AT, DSL.currentOffsetDateTime())
            .from(KEYS)
            .where(isKey()));

    /** Notes that Kafka acknowledged a key's events. Parameters: stream, producer, key. */
    static final String KEY_STORED = render(DIALECT.update(KEYS).set(KEYS.STORED, inline(true)).where(isKey()));

    /** Frees a key whose events are not known to be stored. Parameters: stream, producer, key. */
    static final String RELEASE_KEY = render(DIALECT.deleteFrom(KEYS).where(isKey()).and(DSL.not(KEYS.STORED)));

    /** One key: stream, producer, key. */
    private static Condition isKey() {
        return KEYS.STREAM.eq(param(KEYS.STREAM))
                .and(KEYS.PRODUCER.eq(param(KEYS.PRODUCER)))
                .and(KEYS.KEY.eq(param(KEYS.KEY)));
    }

    private static Query addTopic() {
        Field<Long> id = field(name("n", "id"), SQLDataType.BIGINT);
        Table<?> next = select(KAFKA_TOPICS_ID_SEQ.nextval().as("id")).asTable("n");
        return DIALECT.insertInto(KAFKA_TOPICS, KAFKA_TOPICS.ID, KAFKA_TOPICS.STREAM, KAFKA_TOPICS.EVENT_NAME,
                        KAFKA_TOPICS.TOPIC)
                .select(select(id, param(KAFKA_TOPICS.STREAM), param(KAFKA_TOPICS.EVENT_NAME),
                        param(KAFKA_TOPICS.TOPIC).concat(id))
                        .from(next))
                .returningResult(topicColumns(KAFKA_TOPICS));
    }

    private static Query createdTopics() {
        KafkaTopics t = KAFKA_TOPICS.as("t");
        // PostgreSQL's unnest of two arrays at once (one row per index), which jOOQ's DSL has no form for
        Table<?> wanted = table("unnest({0}, {1})", param(SQLDataType.CLOB.array()), param(SQLDataType.CLOB.array()))
                .as("w", "stream", "event_name");
        return DIALECT.select(topicColumns(t)).from(t)
                .join(wanted)
                .on(t.STREAM.eq(field(name("w", "stream"), SQLDataType.CLOB))
                        .and(t.EVENT_NAME.eq(field(name("w", "event_name"), SQLDataType.CLOB))))
                .where(t.READY);
    }

    private static InsertOnDuplicateSetStep<?> upsertCursor() {
        return DIALECT.insertInto(CURSOR, CURSOR.TOPIC_ID, CURSOR.CONSUMER, CURSOR.OFFSET)
                .values(param(CURSOR.TOPIC_ID), param(CURSOR.CONSUMER), param(CURSOR.OFFSET))
                .onConflict(CURSOR.TOPIC_ID, CURSOR.CONSUMER).doUpdate();
    }

    /** A bind parameter typed like the column it is compared with or written to. */
    static <T> Param<T> param(Field<T> column) {
        return val(null, column);
    }

    /** A bind parameter of that type (arrays: cast in the text, so that PostgreSQL knows their type). */
    static <T> Param<T> param(DataType<T> type) {
        return val(null, type);
    }

    static String render(Query query) {
        return DIALECT.render(query);
    }
}

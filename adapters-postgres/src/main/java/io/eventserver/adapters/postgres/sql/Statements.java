package io.eventserver.adapters.postgres.sql;

import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_CURSORS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENTS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.IDEMPOTENCY_KEYS;
import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import java.util.UUID;

import io.eventserver.adapters.postgres.schema.tables.ConsumerCursors;
import io.eventserver.adapters.postgres.schema.tables.EventSequences;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateSetStep;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.SQLDialect;
import org.jooq.SelectOnConditionStep;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The statements of the hot paths, built with jOOQ against the generated schema — so the compiler checks every
 * table, column and type — and rendered once, here, into constant SQL with {@code ?} parameters (ADR 16): no
 * statement is rendered per request, and PostgreSQL plans each once per connection. {@link HotStatements} runs
 * them; their parameters are bound in the order the comments give, which is the order they appear in the text.
 */
public final class Statements {

    public static final DSLContext RENDER = DSL.using(SQLDialect.POSTGRES, new Settings()
            .withRenderSchema(false)
            .withRenderQuotedNames(RenderQuotedNames.NEVER)
            .withParamType(ParamType.INDEXED));

    /** The alias the cursor upserts use for the existing row. Declared before the statements that use it. */
    private static final ConsumerCursors CURSOR = CONSUMER_CURSORS.as("c");

    private Statements() {
    }

    /** The stream's id and owner. Parameters: name. */
    public static final String FIND_STREAM = render(RENDER.select(STREAMS.ID, STREAMS.OWNER).from(STREAMS)
            .where(STREAMS.NAME.eq(param(SQLDataType.VARCHAR))));

    /** The ids of the streams with these names. Parameters: names (varchar[]). */
    public static final String STREAM_IDS = render(RENDER.select(STREAMS.NAME, STREAMS.ID).from(STREAMS)
            .where(STREAMS.NAME.eq(any(param(SQLDataType.VARCHAR.array())))));

    /** The id of a (stream, event name) counter row. Parameters: stream name, event name. */
    public static final String FIND_SEQUENCE_ID = render(RENDER.select(EVENT_SEQUENCES.ID).from(EVENT_SEQUENCES)
            .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
            .where(STREAMS.NAME.eq(param(SQLDataType.VARCHAR)))
            .and(EVENT_SEQUENCES.EVENT_NAME.eq(param(SQLDataType.VARCHAR))));

    /** An event's name and sequence in a stream. Parameters: event id, stream name. */
    public static final String FIND_POSITION = render(eventInStream(EVENT_SEQUENCES.EVENT_NAME, EVENTS.SEQUENCE));

    /** An event of a stream as stored. Parameters: event id, stream name. */
    public static final String FIND_EVENT = render(eventInStream(EVENT_SEQUENCES.EVENT_NAME, EVENTS.SEQUENCE,
            EVENTS.RECEIVED_AT, EVENTS.DOCUMENT, EVENTS.TRACEPARENT, EVENTS.TRACESTATE));

    /**
     * A page of a search (ADR 67): every event of the page with whether it matches; the document only of those
     * that match or that the database cannot decide — jsonb refuses a string with an escaped NUL character, so those are
     * tested in Java — and every event's trace context. Parameters: since (twice), until (twice), the contained object (twice), the (stream, event
     * name) row, the sequence after which to start, the page size. Written as text: the optional parts are
     * parameters tested for null, which jOOQ's templates cannot bind twice.
     */
    public static final String SCAN_PAGE = """
            select event_id, sequence, received_at, hit, case when hit is not false then document end,
                   traceparent, tracestate
            from (select event_id, sequence, received_at, document, traceparent, tracestate,
                         case when not ((cast(? as timestamptz) is null or received_at >= cast(? as timestamptz))
                                        and (cast(? as timestamptz) is null or received_at < cast(? as timestamptz)))
                              then false
                              when cast(? as text) is null then true
                              when strpos(document, '\\u0000') > 0 then null
                              else cast(document as jsonb) @> cast(? as jsonb) end as hit
                  from events
                  where event_sequence_id = ? and sequence > ?
                  order by sequence
                  limit ?) page
            order by sequence""";

    /**
     * A page of one (stream, event name): a range scan of the events' primary key from the offset, stopping after
     * {@code limit} rows. Parameters: counter row id, after sequence, limit.
     */
    public static final String READ_PAGE = render(RENDER.select(EVENTS.EVENT_ID, EVENTS.SEQUENCE, EVENTS.RECEIVED_AT,
                    EVENTS.DOCUMENT, EVENTS.TRACEPARENT, EVENTS.TRACESTATE)
            .from(EVENTS)
            .where(EVENTS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
            .and(EVENTS.SEQUENCE.gt(param(SQLDataType.BIGINT)))
            .orderBy(EVENTS.SEQUENCE)
            .limit(param(SQLDataType.INTEGER)));

    /**
     * The events of one (stream, event name) with these sequences, in sequence order: a leased page, dead letters
     * (ADR 52). Parameters: counter row id, sequences (bigint[]).
     */
    public static final String READ_SEQUENCES = render(RENDER.select(EVENTS.EVENT_ID, EVENTS.SEQUENCE, EVENTS.RECEIVED_AT,
                    EVENTS.DOCUMENT, EVENTS.TRACEPARENT, EVENTS.TRACESTATE)
            .from(EVENTS)
            .where(EVENTS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
            .and(EVENTS.SEQUENCE.eq(any(param(SQLDataType.BIGINT.array()))))
            .orderBy(EVENTS.SEQUENCE));

    /** A cursor's offset and leasedThrough (ADR 52). Parameters: counter row id, consumer id. */
    public static final String FIND_CURSOR = render(RENDER.select(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE,
                    CONSUMER_CURSORS.LEASED_THROUGH)
            .from(CONSUMER_CURSORS)
            .where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
            .and(CONSUMER_CURSORS.CONSUMER_ID.eq(param(SQLDataType.VARCHAR))));

    /**
     * Sets a cursor's offset, also backwards, creating it — unless the cursor has leases (ADR 52): then it changes
     * nothing and returns no row count. Parameters: counter row id, consumer id, offset.
     */
    public static final String OVERWRITE_CURSOR = render(upsertCursor()
            .set(CURSOR.ACKNOWLEDGED_SEQUENCE, excluded(CURSOR.ACKNOWLEDGED_SEQUENCE))
            .set(CURSOR.ACKNOWLEDGED_AT, DSL.currentOffsetDateTime())
            .where(CURSOR.LEASED_THROUGH.eq(DSL.inline(0L))));

    /**
     * Moves a cursor's offset forward only, creating it; a lower offset leaves the higher one (and its time). A
     * cursor with leases (ADR 52) is left alone, and the row count says so: 0. Parameters: counter row id, consumer
     * id, offset.
     */
    public static final String MOVE_CURSOR_FORWARD = render(upsertCursor()
            .set(CURSOR.ACKNOWLEDGED_SEQUENCE, DSL.greatest(CURSOR.ACKNOWLEDGED_SEQUENCE,
                    excluded(CURSOR.ACKNOWLEDGED_SEQUENCE)))
            .set(CURSOR.ACKNOWLEDGED_AT, DSL.when(excluded(CURSOR.ACKNOWLEDGED_SEQUENCE)
                    .gt(CURSOR.ACKNOWLEDGED_SEQUENCE), DSL.currentOffsetDateTime()).otherwise(CURSOR.ACKNOWLEDGED_AT))
            .where(CURSOR.LEASED_THROUGH.eq(DSL.inline(0L))));

    /**
     * Creates the streams a batch claims; a name that exists already is left alone and not returned. Parameters:
     * names (varchar[]), owners (varchar[]).
     */
    public static final String CLAIM_STREAMS = render(RENDER.insertInto(STREAMS, STREAMS.NAME, STREAMS.OWNER)
            .select(select(field(name("c", "name"), SQLDataType.VARCHAR), field(name("c", "owner"), SQLDataType.VARCHAR))
                    .from(unnest(param(SQLDataType.VARCHAR.array()), param(SQLDataType.VARCHAR.array()))
                            .as("c", "name", "owner")))
            .onConflict(STREAMS.NAME).doNothing()
            .returningResult(STREAMS.NAME, STREAMS.ID));

    /**
     * A whole batch of appends in one statement: the counter row of every (stream, event name) goes up by the
     * number of its events in the batch (created when it is the first) and notes the time of its newest event, and
     * the events are inserted numbered from the new counter values. Parameters: the counter rows' stream ids (bigint[]), event names (varchar[]) and event
     * counts (bigint[]); the events' stream ids (bigint[]), event names (varchar[]), positions from the last of
     * their group (bigint[], 0 for the last), ids (uuid[]), documents (text[]), traceparents and tracestates
     * (text[], null where none; ADR 65).
     */
    public static final String APPEND = render(append());

    /**
     * Locks the rows of streams that a batch gives new event names, so that the transactions adding names to one
     * stream — on any process — count and add one after the other. {@code for no key update} does not wait for the
     * key-share locks of foreign keys (idempotency keys), only for another such lock. Parameters: stream ids
     * (bigint[]).
     */
    public static final String LOCK_STREAMS = render(RENDER.select(STREAMS.ID).from(STREAMS)
            .where(STREAMS.ID.eq(any(param(SQLDataType.BIGINT.array()))))
            .orderBy(STREAMS.ID)
            .forNoKeyUpdate());

    /** How many event names each of these streams has. Parameters: stream ids (bigint[]). */
    public static final String COUNT_EVENT_NAMES = render(RENDER.select(EVENT_SEQUENCES.STREAM_ID, DSL.count())
            .from(EVENT_SEQUENCES)
            .where(EVENT_SEQUENCES.STREAM_ID.eq(any(param(SQLDataType.BIGINT.array()))))
            .groupBy(EVENT_SEQUENCES.STREAM_ID));

    /**
     * The counter rows, among these (stream id, event name) pairs, that exist. Parameters: stream ids (bigint[]),
     * event names (varchar[]).
     */
    public static final String FIND_EVENT_NAMES = render(countersAmong(EVENT_SEQUENCES.STREAM_ID, EVENT_SEQUENCES.EVENT_NAME,
            EVENT_SEQUENCES.ID));

    /**
     * Records the idempotency keys of a batch's keyed appends; a key that exists already (committed, or committed
     * by a concurrent transaction this one waited for) is left alone and not returned. Parameters: stream ids
     * (bigint[]), producer ids (varchar[]), keys (varchar[]), fingerprints in hex (varchar[]), the event ids of each
     * append joined with commas (text[]).
     */
    public static final String CLAIM_KEYS = render(RENDER.insertInto(IDEMPOTENCY_KEYS, IDEMPOTENCY_KEYS.STREAM_ID,
                    IDEMPOTENCY_KEYS.PRODUCER_ID, IDEMPOTENCY_KEYS.KEY, IDEMPOTENCY_KEYS.FINGERPRINT,
                    IDEMPOTENCY_KEYS.EVENT_IDS)
            .select(select(field(name("k", "stream_id"), SQLDataType.BIGINT),
                    field(name("k", "producer_id"), SQLDataType.VARCHAR),
                    field(name("k", "key"), SQLDataType.VARCHAR),
                    field("decode({0}, 'hex')", SQLDataType.BLOB, field(name("k", "fingerprint"), SQLDataType.VARCHAR)),
                    field("cast(string_to_array({0}, ',') as uuid[])", SQLDataType.UUID.array(),
                            field(name("k", "event_ids"), SQLDataType.CLOB)))
                    .from(unnest(param(SQLDataType.BIGINT.array()), param(SQLDataType.VARCHAR.array()),
                            param(SQLDataType.VARCHAR.array()), param(SQLDataType.VARCHAR.array()),
                            param(SQLDataType.CLOB.array()))
                            .as("k", "stream_id", "producer_id", "key", "fingerprint", "event_ids")))
            .onConflictDoNothing()
            .returningResult(IDEMPOTENCY_KEYS.STREAM_ID, IDEMPOTENCY_KEYS.PRODUCER_ID, IDEMPOTENCY_KEYS.KEY));

    /**
     * The stored fingerprint (hex) and event ids of idempotency keys. Parameters: stream ids (bigint[]), producer ids
     * (varchar[]), keys (varchar[]).
     */
    public static final String FIND_KEYS = render(RENDER.select(IDEMPOTENCY_KEYS.STREAM_ID, IDEMPOTENCY_KEYS.PRODUCER_ID,
                    IDEMPOTENCY_KEYS.KEY, field("encode({0}, 'hex')", SQLDataType.VARCHAR, IDEMPOTENCY_KEYS.FINGERPRINT),
                    IDEMPOTENCY_KEYS.EVENT_IDS)
            .from(IDEMPOTENCY_KEYS)
            .join(unnest(param(SQLDataType.BIGINT.array()), param(SQLDataType.VARCHAR.array()),
                    param(SQLDataType.VARCHAR.array())).as("w", "stream_id", "producer_id", "key"))
            .on(IDEMPOTENCY_KEYS.STREAM_ID.eq(field(name("w", "stream_id"), SQLDataType.BIGINT))
                    .and(IDEMPOTENCY_KEYS.PRODUCER_ID.eq(field(name("w", "producer_id"), SQLDataType.VARCHAR)))
                    .and(IDEMPOTENCY_KEYS.KEY.eq(field(name("w", "key"), SQLDataType.VARCHAR)))));

    /**
     * Locks the counter rows of the (stream, event name) pairs that a batch's appends with an expected sequence
     * number (ADR 64) and reads their last sequences: a transaction that numbers the same pair — on any process —
     * waits until this one ends, and this one reads what the last one committed. Rows are locked in the order the
     * append statement locks them (stream id, then event name byte by byte), so that the two never wait for each
     * other in a circle. A pair without a row is not returned. Parameters: stream ids (bigint[]), event names
     * (varchar[]).
     */
    public static final String LOCK_COUNTERS = render(countersAmong(EVENT_SEQUENCES.STREAM_ID, EVENT_SEQUENCES.EVENT_NAME,
                    EVENT_SEQUENCES.LAST_SEQUENCE)
            .orderBy(EVENT_SEQUENCES.STREAM_ID, field("{0} collate \"C\"", SQLDataType.VARCHAR,
                    EVENT_SEQUENCES.EVENT_NAME))
            .forNoKeyUpdate().of(EVENT_SEQUENCES));

    /**
     * Removes idempotency keys this transaction recorded for appends it then refused (ADR 64): a refused publish
     * records no key. Parameters: stream ids (bigint[]), producer ids (varchar[]), keys (varchar[]).
     */
    public static final String FORGET_KEYS = render(RENDER.deleteFrom(IDEMPOTENCY_KEYS)
            .where(DSL.row(IDEMPOTENCY_KEYS.STREAM_ID, IDEMPOTENCY_KEYS.PRODUCER_ID, IDEMPOTENCY_KEYS.KEY)
                    .in(select(field(name("w", "stream_id"), SQLDataType.BIGINT),
                            field(name("w", "producer_id"), SQLDataType.VARCHAR),
                            field(name("w", "key"), SQLDataType.VARCHAR))
                            .from(unnest(param(SQLDataType.BIGINT.array()), param(SQLDataType.VARCHAR.array()),
                                    param(SQLDataType.VARCHAR.array())).as("w", "stream_id", "producer_id", "key")))));

    /**
     * The counter rows among the (stream id, event name) pairs of two array parameters (bigint[], varchar[]): the
     * join the look-up of known names and the lock of expected ones share.
     */
    private static SelectOnConditionStep<Record> countersAmong(Field<?>... columns) {
        return RENDER.select(columns)
                .from(EVENT_SEQUENCES)
                .join(unnest(param(SQLDataType.BIGINT.array()), param(SQLDataType.VARCHAR.array()))
                        .as("w", "stream_id", "event_name"))
                .on(EVENT_SEQUENCES.STREAM_ID.eq(field(name("w", "stream_id"), SQLDataType.BIGINT))
                        .and(EVENT_SEQUENCES.EVENT_NAME.eq(field(name("w", "event_name"), SQLDataType.VARCHAR))));
    }

    /** The event with an id, provided it is in the named stream: the join both look-ups share. */
    private static Query eventInStream(Field<?>... columns) {
        return RENDER.select(columns)
                .from(EVENTS)
                .join(EVENT_SEQUENCES).on(EVENT_SEQUENCES.ID.eq(EVENTS.EVENT_SEQUENCE_ID))
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .where(EVENTS.EVENT_ID.eq(param(SQLDataType.UUID)))
                .and(STREAMS.NAME.eq(param(SQLDataType.VARCHAR)));
    }

    private static InsertOnDuplicateSetStep<?> upsertCursor() {
        return RENDER.insertInto(CURSOR, CURSOR.EVENT_SEQUENCE_ID, CURSOR.CONSUMER_ID, CURSOR.ACKNOWLEDGED_SEQUENCE)
                .values(param(SQLDataType.BIGINT), param(SQLDataType.VARCHAR), param(SQLDataType.BIGINT))
                .onConflict(CURSOR.EVENT_SEQUENCE_ID, CURSOR.CONSUMER_ID).doUpdate();
    }

    private static Query append() {
        EventSequences q = EVENT_SEQUENCES.as("q");
        CommonTableExpression<Record4<Long, Long, String, Long>> counters = name("counters").as(
                RENDER.insertInto(q, q.STREAM_ID, q.EVENT_NAME, q.LAST_SEQUENCE)
                        .select(select(field(name("n", "stream_id"), SQLDataType.BIGINT),
                                        field(name("n", "event_name"), SQLDataType.VARCHAR),
                                        field(name("n", "events"), SQLDataType.BIGINT))
                                .from(unnest(param(SQLDataType.BIGINT.array()), param(SQLDataType.VARCHAR.array()),
                                        param(SQLDataType.BIGINT.array()))
                                        .as("n", "stream_id", "event_name", "events")))
                        .onConflict(q.STREAM_ID, q.EVENT_NAME).doUpdate()
                        .set(q.LAST_SEQUENCE, q.LAST_SEQUENCE.plus(excluded(q.LAST_SEQUENCE)))
                        .set(q.LAST_EVENT_AT, DSL.currentOffsetDateTime())
                        .returningResult(q.ID, q.STREAM_ID, q.EVENT_NAME, q.LAST_SEQUENCE));
        Table<?> e = unnest(param(SQLDataType.BIGINT.array()), param(SQLDataType.VARCHAR.array()),
                param(SQLDataType.BIGINT.array()), param(SQLDataType.UUID.array()), param(SQLDataType.CLOB.array()),
                param(SQLDataType.CLOB.array()), param(SQLDataType.CLOB.array()))
                .as("e", "stream_id", "event_name", "from_last", "event_id", "document", "traceparent", "tracestate");
        Field<Long> eStream = field(name("e", "stream_id"), SQLDataType.BIGINT);
        Field<String> eName = field(name("e", "event_name"), SQLDataType.VARCHAR);
        Field<Long> eFromLast = field(name("e", "from_last"), SQLDataType.BIGINT);
        Field<UUID> eId = field(name("e", "event_id"), SQLDataType.UUID);
        Field<String> eDocument = field(name("e", "document"), SQLDataType.CLOB);
        Field<String> eTraceparent = field(name("e", "traceparent"), SQLDataType.CLOB);
        Field<String> eTracestate = field(name("e", "tracestate"), SQLDataType.CLOB);
        return RENDER.with(counters)
                .insertInto(EVENTS, EVENTS.EVENT_SEQUENCE_ID, EVENTS.SEQUENCE, EVENTS.EVENT_ID, EVENTS.DOCUMENT,
                        EVENTS.TRACEPARENT, EVENTS.TRACESTATE)
                .select(select(counters.field(q.ID), counters.field(q.LAST_SEQUENCE).plus(eFromLast), eId, eDocument,
                        eTraceparent, eTracestate)
                        .from(e)
                        .join(counters).on(counters.field(q.STREAM_ID).eq(eStream)
                                .and(counters.field(q.EVENT_NAME).eq(eName))))
                .returningResult(EVENTS.EVENT_ID, EVENTS.EVENT_SEQUENCE_ID, EVENTS.SEQUENCE, EVENTS.RECEIVED_AT);
    }

    /** PostgreSQL's {@code unnest} of several arrays at once: one row per index, one column per array. */
    public static Table<?> unnest(Param<?>... arrays) {
        StringBuilder template = new StringBuilder("unnest(");
        for (int i = 0; i < arrays.length; i++) {
            template.append(i == 0 ? "" : ", ").append('{').append(i).append('}');
        }
        return table(template.append(')').toString(), (Object[]) arrays);
    }

    /** A bind parameter of that type, cast in the text so that PostgreSQL knows the type of an array. */
    public static <T> Param<T> param(DataType<T> type) {
        return val(null, type);
    }

    public static String render(Query query) {
        return RENDER.render(query);
    }
}

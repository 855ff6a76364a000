package io.eventserver.adapters.postgres.consumers;

import static io.eventserver.adapters.postgres.sql.Statements.RENDER;
import static io.eventserver.adapters.postgres.sql.Statements.param;
import static io.eventserver.adapters.postgres.sql.Statements.render;
import static io.eventserver.adapters.postgres.sql.Statements.unnest;
import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_CURSORS;
import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_LEASES;
import static io.eventserver.adapters.postgres.schema.Tables.EVENTS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.FIRST_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;

import java.time.OffsetDateTime;

import io.eventserver.adapters.postgres.schema.tables.ConsumerCursors;
import io.eventserver.adapters.postgres.schema.tables.ConsumerLeases;
import io.eventserver.adapters.postgres.schema.tables.EventSequences;
import io.eventserver.adapters.postgres.sql.Statements;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The statements of leased reads (ADR 52), built with jOOQ against the generated schema and rendered once, like
 * {@link Statements} (ADR 25): a leased page and a batch acknowledgement are on the hot path. Each one touches one
 * cursor's rows through the primary key or one of the partial indexes of {@code consumer_leases} (unfinished rows,
 * dead letters). Parameters are bound in the order the comments give.
 */
final class LeaseStatements {

    private static final ConsumerLeases L = CONSUMER_LEASES.as("l");
    private static final ConsumerCursors C = CONSUMER_CURSORS.as("c");
    private static final EventSequences Q = EVENT_SEQUENCES.as("q");

    static final String LEASED = "LEASED";
    static final String RELEASED = "RELEASED";
    static final String DEAD_LETTERED = "DEAD_LETTERED";

    /** The storage's clock after the lock was taken: every node goes by it. */
    private static final Field<OffsetDateTime> CLOCK = field("clock_timestamp()", SQLDataType.TIMESTAMPWITHTIMEZONE);

    private LeaseStatements() {
    }

    /** The rows of one cursor. Parameters: counter row id, consumer id. */
    private static Condition mine() {
        return L.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)).and(L.CONSUMER_ID.eq(param(SQLDataType.VARCHAR)));
    }

    private static Condition unfinished() {
        return L.STATE.in(inline(LEASED), inline(RELEASED));
    }

    /**
     * The last sequence retention removed of a counter row (issue 25), 0 when none. The lease rules see it as the
     * cursor's leasedThrough when that is lower: a removed event has no entry, so it counts as done and is never leased
     * (ADR 60) — a consumer whose offset lies before the first stored event leases from that one, its offset unchanged.
     */
    private static Field<Long> removedThrough(Field<Long> sequenceId) {
        return DSL.coalesce(DSL.field(RENDER.select(FIRST_SEQUENCES.FIRST_SEQUENCE.minus(inline(1L)))
                .from(FIRST_SEQUENCES).where(FIRST_SEQUENCES.EVENT_SEQUENCE_ID.eq(sequenceId))), inline(0L));
    }

    /** Above the offset, or a retried dead letter. */
    private static Condition live(Field<Long> offset) {
        return L.SEQUENCE.gt(offset).or(L.RETRIED);
    }

    /**
     * What a reader sees without the lock, by the database's clock at the statement: the cursor (offset 0 when it has
     * none), the newest sequence, the events in flight (counted up to a most), whether an entry is leasable, and when
     * the next one becomes leasable. Parameters: consumer id, the most in flight to count, consumer id, consumer id,
     * consumer id, counter row id.
     */
    static final String PEEK = peek();

    private static String peek() {
        Field<Long> offset = DSL.coalesce(C.ACKNOWLEDGED_SEQUENCE, inline(0L));
        Field<OffsetDateTime> now = DSL.currentOffsetDateTime();
        Table<?> inFlight = RENDER.select(inline(1)).from(L)
                .where(L.EVENT_SEQUENCE_ID.eq(Q.ID)).and(L.CONSUMER_ID.eq(param(SQLDataType.VARCHAR)))
                .and(L.STATE.eq(inline(LEASED))).and(L.UNTIL.gt(now)).and(live(offset))
                .limit(param(SQLDataType.INTEGER)).asTable("f");
        return render(RENDER.select(now, offset, DSL.greatest(DSL.coalesce(C.LEASED_THROUGH, inline(0L)),
                                removedThrough(Q.ID)), Q.LAST_SEQUENCE,
                        DSL.field(RENDER.selectCount().from(inFlight)),
                        DSL.field(DSL.exists(RENDER.selectOne().from(L)
                                .where(L.EVENT_SEQUENCE_ID.eq(Q.ID)).and(L.CONSUMER_ID.eq(param(SQLDataType.VARCHAR)))
                                .and(unfinished()).and(L.UNTIL.le(now)).and(live(offset)))),
                        DSL.field(RENDER.select(DSL.min(L.UNTIL)).from(L)
                                .where(L.EVENT_SEQUENCE_ID.eq(Q.ID)).and(L.CONSUMER_ID.eq(param(SQLDataType.VARCHAR)))
                                .and(unfinished()).and(L.UNTIL.gt(now))))
                .from(Q)
                .leftJoin(C).on(C.EVENT_SEQUENCE_ID.eq(Q.ID).and(C.CONSUMER_ID.eq(param(SQLDataType.VARCHAR))))
                .where(Q.ID.eq(param(SQLDataType.BIGINT))));
    }

    /**
     * Locks a cursor row and reads it with its newest sequence and the database's clock. Parameters: counter row id,
     * consumer id.
     */
    static final String LOCK_CURSOR = render(RENDER.select(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE,
                    DSL.greatest(CONSUMER_CURSORS.LEASED_THROUGH, removedThrough(EVENT_SEQUENCES.ID)),
                    EVENT_SEQUENCES.LAST_SEQUENCE, CLOCK)
            .from(CONSUMER_CURSORS)
            .join(EVENT_SEQUENCES).on(EVENT_SEQUENCES.ID.eq(CONSUMER_CURSORS.EVENT_SEQUENCE_ID))
            .where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
            .and(CONSUMER_CURSORS.CONSUMER_ID.eq(param(SQLDataType.VARCHAR)))
            .forNoKeyUpdate().of(CONSUMER_CURSORS));

    /** Creates a cursor at offset 0 unless it exists. Parameters: counter row id, consumer id. */
    static final String CREATE_CURSOR = render(RENDER.insertInto(CONSUMER_CURSORS, CONSUMER_CURSORS.EVENT_SEQUENCE_ID,
                    CONSUMER_CURSORS.CONSUMER_ID, CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE)
            .values(param(SQLDataType.BIGINT), param(SQLDataType.VARCHAR), inline(0L))
            .onConflictDoNothing());

    /**
     * Sets a cursor's offset and leasedThrough; the time of the offset changes when the offset does. Parameters:
     * offset, leasedThrough, offset, counter row id, consumer id.
     */
    static final String SET_CURSOR = render(RENDER.update(CONSUMER_CURSORS)
            .set(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE, param(SQLDataType.BIGINT))
            .set(CONSUMER_CURSORS.LEASED_THROUGH, param(SQLDataType.BIGINT))
            .set(CONSUMER_CURSORS.ACKNOWLEDGED_AT, DSL.when(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE
                    .ne(param(SQLDataType.BIGINT)), DSL.currentOffsetDateTime())
                    .otherwise(CONSUMER_CURSORS.ACKNOWLEDGED_AT))
            .where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
            .and(CONSUMER_CURSORS.CONSUMER_ID.eq(param(SQLDataType.VARCHAR))));

    /**
     * How many live rows are under an unexpired lease, up to a most. Parameters: counter row id, consumer id, now,
     * offset, the most to count.
     */
    static final String IN_FLIGHT = render(RENDER.selectCount().from(RENDER.select(inline(1)).from(L)
            .where(mine()).and(L.STATE.eq(inline(LEASED))).and(L.UNTIL.gt(param(SQLDataType.TIMESTAMPWITHTIMEZONE)))
            .and(live(param(SQLDataType.BIGINT)))
            .limit(param(SQLDataType.INTEGER)).asTable("f")));

    private static final Field<?>[] ENTRY = {L.SEQUENCE, L.EVENT_ID, L.STATE, L.DELIVERIES, L.UNTIL,
            L.DEAD_LETTERED_AT, L.RETRIED};

    /**
     * Live unfinished rows whose lease expired or whose delay passed, in sequence order, up to a most. Parameters:
     * counter row id, consumer id, now, offset, the most.
     */
    static final String LEASABLE = render(RENDER.select(ENTRY).from(L)
            .where(mine()).and(unfinished()).and(L.UNTIL.le(param(SQLDataType.TIMESTAMPWITHTIMEZONE)))
            .and(live(param(SQLDataType.BIGINT)))
            .orderBy(L.SEQUENCE)
            .limit(param(SQLDataType.INTEGER)));

    /** The rows of these sequences. Parameters: counter row id, consumer id, sequences (bigint[]). */
    static final String ENTRIES = render(RENDER.select(ENTRY).from(L)
            .where(mine()).and(L.SEQUENCE.eq(DSL.any(param(SQLDataType.BIGINT.array())))));

    /** The lowest unfinished sequence above one. Parameters: counter row id, consumer id, after. */
    static final String FIRST_UNFINISHED = render(RENDER.select(L.SEQUENCE).from(L)
            .where(mine()).and(unfinished()).and(L.SEQUENCE.gt(param(SQLDataType.BIGINT)))
            .orderBy(L.SEQUENCE)
            .limit(inline(1)));

    /**
     * Leases events for the first time: a row for each event of the range, with its id. Parameters: consumer id,
     * until, counter row id, from, through.
     */
    static final String LEASE_FRESH = render(RENDER.insertInto(CONSUMER_LEASES, CONSUMER_LEASES.EVENT_SEQUENCE_ID,
                    CONSUMER_LEASES.CONSUMER_ID, CONSUMER_LEASES.SEQUENCE, CONSUMER_LEASES.EVENT_ID,
                    CONSUMER_LEASES.STATE, CONSUMER_LEASES.DELIVERIES, CONSUMER_LEASES.UNTIL)
            .select(RENDER.select(EVENTS.EVENT_SEQUENCE_ID, param(SQLDataType.VARCHAR), EVENTS.SEQUENCE,
                            EVENTS.EVENT_ID, inline(LEASED), inline(1), param(SQLDataType.TIMESTAMPWITHTIMEZONE))
                    .from(EVENTS)
                    .where(EVENTS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
                    .and(EVENTS.SEQUENCE.between(param(SQLDataType.BIGINT), param(SQLDataType.BIGINT)))));

    /** Locks a cursor row and reads its offset. Parameters: counter row id, consumer id. */
    private static final String LOCK_OFFSET = render(RENDER.select(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE)
            .from(CONSUMER_CURSORS)
            .where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
            .and(CONSUMER_CURSORS.CONSUMER_ID.eq(param(SQLDataType.VARCHAR)))
            .forNoKeyUpdate());

    /** The cursor's rows in the statement's FROM: the entries of the same cursor. */
    private static Condition ofTheCursor() {
        return L.EVENT_SEQUENCE_ID.eq(CONSUMER_CURSORS.EVENT_SEQUENCE_ID)
                .and(L.CONSUMER_ID.eq(CONSUMER_CURSORS.CONSUMER_ID));
    }

    /**
     * A leased read of events never leased, in one round trip (ADR 70), sent in auto-commit mode: two statements that
     * PostgreSQL runs in one implicit transaction (they end at the same Sync). The first locks the cursor row when an
     * event was never leased and no entry is leasable; the second — with a snapshot taken after the lock, so it sees
     * what the lock's previous holder committed — checks both again, leases the next events above max(offset,
     * leasedThrough), moves leasedThrough and answers one row (until, the sequences leased) — no row when the cursor
     * does not exist, every event was leased or an entry is leasable. A cursor another reader created after the first
     * statement looked is locked by the second, before any entry is written.
     * Parameters: counter row id, consumer id; the most to lease, the lease in milliseconds, counter row id, consumer
     * id; counter row id, consumer id; consumer id, counter row id.
     */
    static final String LEASE_NEVER_LEASED = lockIfNeverLeased() + ";\n" + leaseNeverLeased();

    /** Above the offset and leasedThrough (and what retention removed): what was never leased. */
    private static Field<Long> done() {
        return DSL.greatest(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE, CONSUMER_CURSORS.LEASED_THROUGH,
                removedThrough(CONSUMER_CURSORS.EVENT_SEQUENCE_ID));
    }

    /**
     * No live entry of the cursor in the statement's FROM is leasable now. Asked as two look-ups rather than one with
     * {@link #live}'s OR, so that each is an index range: above the offset (not over the entries of events acknowledged
     * below it, which stay in the index until vacuumed), and the retried dead letters through their own index.
     */
    private static Condition noEntryLeasable() {
        return DSL.notExists(RENDER.selectOne().from(L).where(ofTheCursor()).and(unfinished())
                        .and(L.SEQUENCE.gt(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE)).and(L.UNTIL.le(CLOCK)))
                .and(DSL.notExists(RENDER.selectOne().from(L).where(ofTheCursor()).and(unfinished())
                        .and(L.RETRIED).and(L.UNTIL.le(CLOCK))));
    }

    /**
     * Locks a cursor row only when an event was never leased and no entry is leasable, so that a reader with nothing
     * to lease this way takes no lock (and writes nothing). Parameters: counter row id, consumer id.
     */
    private static String lockIfNeverLeased() {
        return render(RENDER.select(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE)
                .from(CONSUMER_CURSORS)
                .join(EVENT_SEQUENCES).on(EVENT_SEQUENCES.ID.eq(CONSUMER_CURSORS.EVENT_SEQUENCE_ID))
                .where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
                .and(CONSUMER_CURSORS.CONSUMER_ID.eq(param(SQLDataType.VARCHAR)))
                .and(EVENT_SEQUENCES.LAST_SEQUENCE.gt(done()))
                .and(noEntryLeasable())
                .forNoKeyUpdate().of(CONSUMER_CURSORS));
    }

    private static String leaseNeverLeased() {
        Field<Long> done = done();
        Field<Long> from = field(name("r", "from_sequence"), SQLDataType.BIGINT);
        Field<Long> through = field(name("r", "through_sequence"), SQLDataType.BIGINT);
        Field<OffsetDateTime> until = field(name("r", "until"), SQLDataType.TIMESTAMPWITHTIMEZONE);
        Field<Long> leased = field(name("i", "sequence"), SQLDataType.BIGINT);
        var range = name("r").fields("from_sequence", "through_sequence", "until").as(RENDER
                .select(done.plus(inline(1L)),
                        DSL.least(EVENT_SEQUENCES.LAST_SEQUENCE, done.plus(param(SQLDataType.BIGINT))),
                        DSL.field("{0} + {1} * interval '1 millisecond'", SQLDataType.TIMESTAMPWITHTIMEZONE,
                                CLOCK, param(SQLDataType.BIGINT)))
                .from(CONSUMER_CURSORS)
                .join(EVENT_SEQUENCES).on(EVENT_SEQUENCES.ID.eq(CONSUMER_CURSORS.EVENT_SEQUENCE_ID))
                .where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
                .and(CONSUMER_CURSORS.CONSUMER_ID.eq(param(SQLDataType.VARCHAR)))
                .and(EVENT_SEQUENCES.LAST_SEQUENCE.gt(done))
                .and(noEntryLeasable())
                // locked already — but for a cursor another reader created after the first statement looked
                .forNoKeyUpdate().of(CONSUMER_CURSORS));
        var moved = name("u").as(RENDER.update(CONSUMER_CURSORS)
                .set(CONSUMER_CURSORS.LEASED_THROUGH, through)
                .from(DSL.table(name("r")))
                .where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
                .and(CONSUMER_CURSORS.CONSUMER_ID.eq(param(SQLDataType.VARCHAR)))
                .and(through.ge(from))
                .returningResult(CONSUMER_CURSORS.LEASED_THROUGH));
        var inserted = name("i").as(RENDER.insertInto(CONSUMER_LEASES, CONSUMER_LEASES.EVENT_SEQUENCE_ID,
                        CONSUMER_LEASES.CONSUMER_ID, CONSUMER_LEASES.SEQUENCE, CONSUMER_LEASES.EVENT_ID,
                        CONSUMER_LEASES.STATE, CONSUMER_LEASES.DELIVERIES, CONSUMER_LEASES.UNTIL)
                .select(RENDER.select(EVENTS.EVENT_SEQUENCE_ID, param(SQLDataType.VARCHAR), EVENTS.SEQUENCE,
                                EVENTS.EVENT_ID, inline(LEASED), inline(1), until)
                        .from(EVENTS, DSL.table(name("r")))
                        .where(EVENTS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
                        .and(EVENTS.SEQUENCE.between(from, through)))
                .returningResult(CONSUMER_LEASES.SEQUENCE));
        return render(RENDER.with(range).with(moved).with(inserted)
                .select(until, DSL.field(RENDER.select(DSL.arrayAgg(leased).orderBy(leased))
                        .from(DSL.table(name("i")))))
                .from(DSL.table(name("r"))));
    }

    /**
     * An acknowledgement of events that all have an entry, in one round trip (ADR 70), sent in auto-commit mode: three
     * statements PostgreSQL runs in one implicit transaction. The first locks the cursor row and reads its offset; the
     * second removes the entries and fails (division by zero, SQL state 22012) unless it removed as many as asked, so
     * that nothing is kept; the third moves the offset up to just below the first unfinished entry above it, never past
     * leasedThrough, and answers the new offset when it moved. Parameters: counter row id, consumer id; counter row
     * id, consumer id, sequences (bigint[]), how many; counter row id, consumer id.
     */
    static final String ACKNOWLEDGE_ENTRIES = LOCK_OFFSET + ";\n" + removeEntriesAll() + ";\n" + advance();

    /** SQL state of the failed check of {@link #ACKNOWLEDGE_ENTRIES}: an entry was gone. */
    static final String ENTRIES_CHANGED = "22012";

    private static String removeEntriesAll() {
        var removed = name("d").as(RENDER.deleteFrom(L)
                .where(mine()).and(L.SEQUENCE.eq(DSL.any(param(SQLDataType.BIGINT.array()))))
                .returningResult(L.SEQUENCE));
        return render(RENDER.with(removed).select(inline(1).div(DSL.when(
                DSL.field(RENDER.selectCount().from(DSL.table(name("d")))).eq(param(SQLDataType.INTEGER)), inline(1))
                .otherwise(inline(0)))));
    }

    private static String advance() {
        Field<Long> firstUnfinished = DSL.field(RENDER.select(L.SEQUENCE).from(L)
                .where(ofTheCursor()).and(unfinished()).and(L.SEQUENCE.gt(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE))
                .orderBy(L.SEQUENCE).limit(inline(1)));
        Field<Long> to = DSL.least(DSL.greatest(CONSUMER_CURSORS.LEASED_THROUGH,
                        removedThrough(CONSUMER_CURSORS.EVENT_SEQUENCE_ID)),
                DSL.coalesce(firstUnfinished.minus(inline(1L)), inline(Long.MAX_VALUE)));
        return render(RENDER.update(CONSUMER_CURSORS)
                .set(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE, to)
                .set(CONSUMER_CURSORS.ACKNOWLEDGED_AT, DSL.currentOffsetDateTime())
                .where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.eq(param(SQLDataType.BIGINT)))
                .and(CONSUMER_CURSORS.CONSUMER_ID.eq(param(SQLDataType.VARCHAR)))
                .and(to.gt(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE))
                .returningResult(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE));
    }

    /**
     * Stores rows as they are now, set-based. Parameters: sequences (bigint[]), states (varchar[]), deliveries
     * (int[]), until (timestamptz[]), dead-lettering times (timestamptz[]), retried (boolean[]), counter row id,
     * consumer id.
     */
    static final String PUT = put();

    private static String put() {
        Table<?> u = unnest(param(SQLDataType.BIGINT.array()), param(SQLDataType.VARCHAR.array()),
                param(SQLDataType.INTEGER.array()), param(SQLDataType.TIMESTAMPWITHTIMEZONE.array()),
                param(SQLDataType.TIMESTAMPWITHTIMEZONE.array()), param(SQLDataType.BOOLEAN.array()))
                .as("u", "sequence", "state", "deliveries", "until", "dead_lettered_at", "retried");
        return render(RENDER.update(L)
                .set(L.STATE, field(name("u", "state"), SQLDataType.VARCHAR))
                .set(L.DELIVERIES, field(name("u", "deliveries"), SQLDataType.INTEGER))
                .set(L.UNTIL, field(name("u", "until"), SQLDataType.TIMESTAMPWITHTIMEZONE))
                .set(L.DEAD_LETTERED_AT, field(name("u", "dead_lettered_at"), SQLDataType.TIMESTAMPWITHTIMEZONE))
                .set(L.RETRIED, field(name("u", "retried"), SQLDataType.BOOLEAN))
                .from(u)
                .where(mine()).and(L.SEQUENCE.eq(field(name("u", "sequence"), SQLDataType.BIGINT))));
    }

    /** Removes the rows of these sequences. Parameters: counter row id, consumer id, sequences (bigint[]). */
    static final String REMOVE = render(RENDER.deleteFrom(L)
            .where(mine()).and(L.SEQUENCE.eq(DSL.any(param(SQLDataType.BIGINT.array())))));

    /** Removes every row at or below a sequence but dead letters. Parameters: counter row id, consumer id, through. */
    static final String END_LEASES_THROUGH = render(RENDER.deleteFrom(L)
            .where(mine()).and(L.SEQUENCE.le(param(SQLDataType.BIGINT))).and(L.STATE.ne(inline(DEAD_LETTERED))));

    /** Removes every row above a sequence. Parameters: counter row id, consumer id, after. */
    static final String REMOVE_AFTER = render(RENDER.deleteFrom(L)
            .where(mine()).and(L.SEQUENCE.gt(param(SQLDataType.BIGINT))));

    /**
     * The name and sequence of the events with these ids that have a row of the consumer in the stream: each event
     * through the unique index on its id, its row through the primary key. Parameters: event ids (uuid[]), stream
     * name, consumer id.
     */
    static final String FIND = render(RENDER.select(EVENTS.EVENT_ID, EVENT_SEQUENCES.EVENT_NAME, EVENTS.SEQUENCE)
            .from(EVENTS)
            .join(EVENT_SEQUENCES).on(EVENT_SEQUENCES.ID.eq(EVENTS.EVENT_SEQUENCE_ID))
            .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
            .where(EVENTS.EVENT_ID.eq(DSL.any(param(SQLDataType.UUID.array()))))
            .and(STREAMS.NAME.eq(param(SQLDataType.VARCHAR)))
            .andExists(RENDER.selectOne().from(L)
                    .where(L.EVENT_SEQUENCE_ID.eq(EVENTS.EVENT_SEQUENCE_ID))
                    .and(L.CONSUMER_ID.eq(param(SQLDataType.VARCHAR)))
                    .and(L.SEQUENCE.eq(EVENTS.SEQUENCE))));

    /**
     * Dead letters after a sequence, in sequence order, up to a most. Parameters: counter row id, consumer id, after,
     * the most.
     */
    static final String DEAD_LETTERS = render(RENDER.select(ENTRY).from(L)
            .where(mine()).and(L.STATE.eq(inline(DEAD_LETTERED))).and(L.SEQUENCE.gt(param(SQLDataType.BIGINT)))
            .orderBy(L.SEQUENCE)
            .limit(param(SQLDataType.INTEGER)));

    /**
     * Per cursor with leases among these (event name, consumer id) pairs of a stream: events under an unexpired lease
     * and dead letters. Parameters: event names (varchar[]), consumer ids (varchar[]), stream name.
     */
    static final String COUNTS = counts();

    private static String counts() {
        Field<String> wName = field(name("w", "event_name"), SQLDataType.VARCHAR);
        Field<String> wConsumer = field(name("w", "consumer_id"), SQLDataType.VARCHAR);
        Condition ofCursor = L.EVENT_SEQUENCE_ID.eq(C.EVENT_SEQUENCE_ID).and(L.CONSUMER_ID.eq(C.CONSUMER_ID));
        return render(RENDER.select(Q.EVENT_NAME, C.CONSUMER_ID,
                        DSL.field(RENDER.selectCount().from(L).where(ofCursor).and(L.STATE.eq(inline(LEASED)))
                                .and(L.UNTIL.gt(DSL.currentOffsetDateTime()))
                                .and(live(C.ACKNOWLEDGED_SEQUENCE))),
                        DSL.field(RENDER.selectCount().from(L).where(ofCursor)
                                .and(L.STATE.eq(inline(DEAD_LETTERED)))))
                .from(unnest(param(SQLDataType.VARCHAR.array()), param(SQLDataType.VARCHAR.array()))
                        .as("w", "event_name", "consumer_id"))
                .join(Q).on(Q.EVENT_NAME.eq(wName))
                .join(STREAMS).on(STREAMS.ID.eq(Q.STREAM_ID))
                .join(C).on(C.EVENT_SEQUENCE_ID.eq(Q.ID).and(C.CONSUMER_ID.eq(wConsumer)))
                .where(STREAMS.NAME.eq(param(SQLDataType.VARCHAR)))
                .and(C.LEASED_THROUGH.gt(inline(0L))));
    }
}

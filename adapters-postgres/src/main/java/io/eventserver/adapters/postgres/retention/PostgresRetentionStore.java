package io.eventserver.adapters.postgres.retention;

import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_CURSORS;
import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_LEASES;
import static io.eventserver.adapters.postgres.schema.Tables.EVENTS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.FIRST_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.IDEMPOTENCY_KEYS;
import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;
import static io.eventserver.adapters.postgres.schema.Tables.STREAM_RETENTION;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.eventserver.adapters.postgres.sql.SqlFailures;
import io.eventserver.adapters.postgres.sql.Statements;
import io.eventserver.application.model.Removal;
import io.eventserver.application.port.out.RetentionStore;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.retention.MaxAge;
import io.eventserver.domain.retention.Retention;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * {@link RetentionStore} on PostgreSQL (ADR 60, ADR 61). A stream's own retention is a row of
 * {@code stream_retention}; the lowest stored sequence of a (stream, event name) a row of {@code first_sequences}.
 * <p>
 * A removal step takes one (stream, event name) in a transaction of its own: it locks that name's
 * {@code first_sequences} row ({@code for update skip locked}, so that another process removing from the same name
 * is skipped, not waited for), removes at most a step of its oldest events — a range of the events' primary key, never
 * a lock on the counter row every publish takes — and, under the locks of the name's cursors, adds to each cursor what
 * it had not acknowledged of the range, deletes the leases, dead letters and idempotency keys of the range and moves
 * the first sequence. Cursors are locked only for that one step.
 */
public final class PostgresRetentionStore implements RetentionStore {

    /** The most (stream, event name)s one call looks at. */
    private static final int CANDIDATES = 100;
    /** The key of the advisory lock that lets one process at a time vacuum after a removal. */
    private static final long VACUUM_LOCK = 0x6576656e74735f72L;
    /** What a removal deletes from: their dead rows are what {@link #reclaimSpace} makes reusable. */
    private static final String[] REMOVED_FROM = {"events", "idempotency_keys", "consumer_leases"};

    private final DSLContext dsl;

    public PostgresRetentionStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<Retention> find(StreamName stream) {
        return SqlFailures.call(() -> {
            var row = dsl.select(STREAMS.ID, STREAM_RETENTION.STREAM_ID, STREAM_RETENTION.MAX_AGE,
                            STREAM_RETENTION.MAX_AGE_MS, STREAM_RETENTION.MAX_EVENTS)
                    .from(STREAMS)
                    .leftJoin(STREAM_RETENTION).on(STREAM_RETENTION.STREAM_ID.eq(STREAMS.ID))
                    .where(STREAMS.NAME.eq(stream.value()))
                    .fetchOptional()
                    .orElseThrow(() -> new StreamNotFound(stream));
            if (row.value2() == null) {
                return Optional.empty();
            }
            return Optional.of(new Retention(
                    Optional.ofNullable(row.value3()).map(text -> new MaxAge(text, Duration.ofMillis(row.value4()))),
                    Optional.ofNullable(row.value5())));
        });
    }

    @Override
    public void save(StreamName stream, Retention retention) {
        String maxAge = retention.maxAge().map(MaxAge::text).orElse(null);
        Long maxAgeMs = retention.maxAge().map(age -> Math.max(1000, age.duration().toMillis())).orElse(null);
        Long maxEvents = retention.maxEvents().orElse(null);
        int stored = SqlFailures.call(() -> dsl.insertInto(STREAM_RETENTION, STREAM_RETENTION.STREAM_ID,
                        STREAM_RETENTION.MAX_AGE, STREAM_RETENTION.MAX_AGE_MS, STREAM_RETENTION.MAX_EVENTS)
                .select(DSL.select(STREAMS.ID, DSL.val(maxAge, SQLDataType.VARCHAR),
                                DSL.val(maxAgeMs, SQLDataType.BIGINT), DSL.val(maxEvents, SQLDataType.BIGINT))
                        .from(STREAMS)
                        .where(STREAMS.NAME.eq(stream.value())))
                .onConflict(STREAM_RETENTION.STREAM_ID).doUpdate()
                .set(STREAM_RETENTION.MAX_AGE, DSL.val(maxAge, SQLDataType.VARCHAR))
                .set(STREAM_RETENTION.MAX_AGE_MS, DSL.val(maxAgeMs, SQLDataType.BIGINT))
                .set(STREAM_RETENTION.MAX_EVENTS, DSL.val(maxEvents, SQLDataType.BIGINT))
                .set(STREAM_RETENTION.CHANGED_AT, DSL.currentOffsetDateTime())
                .execute());
        if (stored == 0) {
            throw new StreamNotFound(stream);
        }
    }

    /**
     * {@code VACUUM} of the tables a removal deletes from, on a connection of the pool without the statement time-out
     * (a vacuum of a large table takes longer), under a session advisory lock that one process at a time gets. VACUUM
     * takes a lock that only other vacuums and DDL wait for, never a publish or a read (ADR 61).
     */
    @Override
    public void reclaimSpace() {
        SqlFailures.call(() -> dsl.connectionResult(connection -> {
            try (var statement = connection.createStatement()) {
                var locked = statement.executeQuery("select pg_try_advisory_lock(" + VACUUM_LOCK + ")");
                locked.next();
                if (!locked.getBoolean(1)) {
                    return null;
                }
                try {
                    statement.execute("set statement_timeout = 0");
                    for (String table : REMOVED_FROM) {
                        statement.execute("vacuum (analyze) " + table);
                    }
                } finally {
                    statement.execute("reset statement_timeout");
                    statement.execute("select pg_advisory_unlock(" + VACUUM_LOCK + ")");
                }
            }
            return null;
        }));
    }

    @Override
    public Map<EventName, Sequence> firstSequences(StreamName stream, Collection<EventName> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<EventName, Sequence> first = new LinkedHashMap<>();
        SqlFailures.call(() -> dsl.select(EVENT_SEQUENCES.EVENT_NAME, DSL.coalesce(FIRST_SEQUENCES.FIRST_SEQUENCE, 1L))
                .from(EVENT_SEQUENCES)
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .leftJoin(FIRST_SEQUENCES).on(FIRST_SEQUENCES.EVENT_SEQUENCE_ID.eq(EVENT_SEQUENCES.ID))
                .where(STREAMS.NAME.eq(stream.value()))
                .and(EVENT_SEQUENCES.EVENT_NAME.in(names.stream().map(EventName::value).toList()))
                .fetch())
                .forEach(row -> first.put(new EventName(row.value1()), new Sequence(row.value2())));
        return first;
    }

    @Override
    public List<Removal> removeExpired(Retention defaults, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be >= 1");
        }
        Map<StreamName, long[]> removed = new LinkedHashMap<>();
        for (Candidate candidate : SqlFailures.call(() -> candidates(defaults))) {
            long[] counts = SqlFailures.call(() -> dsl.transactionResult(configuration ->
                    remove(DSL.using(configuration), candidate, maxEvents)));
            if (counts[0] > 0) {
                long[] total = removed.computeIfAbsent(candidate.stream(), stream -> new long[2]);
                total[0] += counts[0];
                total[1] += counts[1];
            }
        }
        List<Removal> removals = new ArrayList<>(removed.size());
        removed.forEach((stream, counts) -> removals.add(new Removal(stream, counts[0], counts[1])));
        return removals;
    }

    /** A (stream, event name) whose oldest stored event lies beyond its retention, and that retention in force. */
    private record Candidate(long sequenceId, long streamId, StreamName stream, Long maxAgeMs, Long maxEvents) {
    }

    private List<Candidate> candidates(Retention defaults) {
        Field<Long> first = DSL.coalesce(FIRST_SEQUENCES.FIRST_SEQUENCE, 1L);
        Field<Long> maxAgeMs = DSL.when(STREAM_RETENTION.STREAM_ID.isNull(),
                        DSL.val(defaults.maxAge().map(age -> age.duration().toMillis()).orElse(null),
                                SQLDataType.BIGINT))
                .otherwise(STREAM_RETENTION.MAX_AGE_MS);
        Field<Long> maxEvents = DSL.when(STREAM_RETENTION.STREAM_ID.isNull(),
                        DSL.val(defaults.maxEvents().orElse(null), SQLDataType.BIGINT))
                .otherwise(STREAM_RETENTION.MAX_EVENTS);
        Field<OffsetDateTime> oldest = DSL.field(DSL.select(EVENTS.RECEIVED_AT).from(EVENTS)
                .where(EVENTS.EVENT_SEQUENCE_ID.eq(EVENT_SEQUENCES.ID))
                .and(EVENTS.SEQUENCE.ge(first))
                .orderBy(EVENTS.SEQUENCE)
                .limit(1));
        return dsl.select(EVENT_SEQUENCES.ID, EVENT_SEQUENCES.STREAM_ID, STREAMS.NAME, maxAgeMs, maxEvents)
                .from(EVENT_SEQUENCES)
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .leftJoin(STREAM_RETENTION).on(STREAM_RETENTION.STREAM_ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .leftJoin(FIRST_SEQUENCES).on(FIRST_SEQUENCES.EVENT_SEQUENCE_ID.eq(EVENT_SEQUENCES.ID))
                .where(EVENT_SEQUENCES.LAST_SEQUENCE.ge(first))
                .and(maxEvents.isNotNull().and(EVENT_SEQUENCES.LAST_SEQUENCE.minus(first).plus(1L).gt(maxEvents))
                        .or(maxAgeMs.isNotNull().and(oldest.lt(DSL.currentOffsetDateTime()
                                .minus(DSL.field("{0} * interval '1 millisecond'", SQLDataType.INTERVALDAYTOSECOND,
                                        maxAgeMs))))))
                .limit(CANDIDATES)
                .fetch(row -> new Candidate(row.value1(), row.value2(), new StreamName(row.value3()), row.value4(),
                        row.value5()));
    }

    /**
     * One step on one (stream, event name), in the caller's transaction.
     *
     * @return {events removed, expiredUnacknowledged added over the cursors}
     */
    private static long[] remove(DSLContext tx, Candidate candidate, int step) {
        long id = candidate.sequenceId();
        tx.insertInto(FIRST_SEQUENCES, FIRST_SEQUENCES.EVENT_SEQUENCE_ID, FIRST_SEQUENCES.FIRST_SEQUENCE)
                .values(id, 1L)
                .onConflictDoNothing()
                .execute();
        Optional<Long> locked = tx.select(FIRST_SEQUENCES.FIRST_SEQUENCE).from(FIRST_SEQUENCES)
                .where(FIRST_SEQUENCES.EVENT_SEQUENCE_ID.eq(id))
                .forUpdate().skipLocked()
                .fetchOptional(FIRST_SEQUENCES.FIRST_SEQUENCE);
        if (locked.isEmpty()) {
            return new long[2];
        }
        long first = locked.get();
        // the counter row is read, never locked: its last sequence only grows, and events at or below it are committed
        long last = tx.select(EVENT_SEQUENCES.LAST_SEQUENCE).from(EVENT_SEQUENCES)
                .where(EVENT_SEQUENCES.ID.eq(id))
                .fetchSingle(EVENT_SEQUENCES.LAST_SEQUENCE);
        long cut = first;
        if (candidate.maxEvents() != null) {
            cut = Math.max(cut, last - candidate.maxEvents() + 1);
        }
        if (candidate.maxAgeMs() != null) {
            cut = Math.max(cut, firstYoungEnough(tx, id, first, step, candidate.maxAgeMs()));
        }
        cut = Math.min(cut, Math.min(first + step, last + 1));
        if (cut <= first) {
            return new long[2];
        }
        long expired = countExpired(tx, id, first, cut);
        tx.deleteFrom(CONSUMER_LEASES)
                .where(CONSUMER_LEASES.EVENT_SEQUENCE_ID.eq(id))
                .and(CONSUMER_LEASES.SEQUENCE.lt(cut))
                .execute();
        var removed = tx.deleteFrom(EVENTS)
                .where(EVENTS.EVENT_SEQUENCE_ID.eq(id))
                .and(EVENTS.SEQUENCE.ge(first))
                .and(EVENTS.SEQUENCE.lt(cut))
                .returningResult(EVENTS.EVENT_ID, EVENTS.RECEIVED_AT)
                .fetch();
        removeKeys(tx, candidate.streamId(), removed);
        tx.update(FIRST_SEQUENCES)
                .set(FIRST_SEQUENCES.FIRST_SEQUENCE, cut)
                .where(FIRST_SEQUENCES.EVENT_SEQUENCE_ID.eq(id))
                .execute();
        return new long[] {cut - first, expired};
    }

    /**
     * The first sequence, among the next {@code step} stored from {@code first}, received within the last
     * {@code maxAgeMs}; {@code first} plus how many were looked at when all of them are older. Only a prefix is
     * removed, so that what stays is one run of sequences; an event received out of order (a later commit of an
     * earlier transaction) keeps the ones behind it until it is old enough itself.
     */
    private static long firstYoungEnough(DSLContext tx, long id, long first, int step, long maxAgeMs) {
        var page = DSL.select(EVENTS.SEQUENCE, EVENTS.RECEIVED_AT).from(EVENTS)
                .where(EVENTS.EVENT_SEQUENCE_ID.eq(id))
                .and(EVENTS.SEQUENCE.ge(first))
                .orderBy(EVENTS.SEQUENCE)
                .limit(step)
                .asTable("page");
        Field<Long> sequence = page.field(EVENTS.SEQUENCE);
        Field<OffsetDateTime> receivedAt = page.field(EVENTS.RECEIVED_AT);
        Record2<Long, Long> found = tx.select(
                        DSL.min(sequence).filterWhere(receivedAt.ge(DSL.currentOffsetDateTime().minus(DSL.field(
                                "{0} * interval '1 millisecond'", SQLDataType.INTERVALDAYTOSECOND,
                                DSL.val(maxAgeMs))))),
                        DSL.max(sequence))
                .from(page)
                .fetchSingle();
        if (found.value1() != null) {
            return found.value1();
        }
        return found.value2() == null ? first : found.value2() + 1;
    }

    /**
     * Adds to each cursor of the name what its consumer had not acknowledged of [first, cut), under the cursors' locks
     * (an acknowledgement racing the removal commits before or after it, never half): the events above both its offset
     * and its leasedThrough (never leased), and those with a lease entry (leased, released or dead-lettered; an event
     * leased and acknowledged keeps none). ADR 60.
     *
     * @return the sum over the cursors
     */
    private static long countExpired(DSLContext tx, long id, long first, long cut) {
        Field<Long> neverLeased = DSL.greatest(DSL.inline(0L), DSL.val(cut).minus(DSL.greatest(DSL.val(first),
                DSL.greatest(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE, CONSUMER_CURSORS.LEASED_THROUGH).plus(1L))));
        Field<Integer> entries = DSL.field(DSL.selectCount().from(CONSUMER_LEASES)
                .where(CONSUMER_LEASES.EVENT_SEQUENCE_ID.eq(CONSUMER_CURSORS.EVENT_SEQUENCE_ID))
                .and(CONSUMER_LEASES.CONSUMER_ID.eq(CONSUMER_CURSORS.CONSUMER_ID))
                .and(CONSUMER_LEASES.SEQUENCE.ge(first))
                .and(CONSUMER_LEASES.SEQUENCE.lt(cut)));
        Map<String, Long> added = new HashMap<>();
        tx.select(CONSUMER_CURSORS.CONSUMER_ID, neverLeased, entries)
                .from(CONSUMER_CURSORS)
                .where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.eq(id))
                .orderBy(CONSUMER_CURSORS.CONSUMER_ID)
                .forNoKeyUpdate()
                .fetch()
                .forEach(row -> {
                    long count = row.value2() + row.value3();
                    if (count > 0) {
                        added.put(row.value1(), count);
                    }
                });
        if (added.isEmpty()) {
            return 0;
        }
        Field<String> consumer = DSL.field(DSL.name("a", "consumer_id"), SQLDataType.VARCHAR);
        Field<Long> count = DSL.field(DSL.name("a", "count"), SQLDataType.BIGINT);
        tx.update(CONSUMER_CURSORS)
                .set(CONSUMER_CURSORS.EXPIRED_UNACKNOWLEDGED, CONSUMER_CURSORS.EXPIRED_UNACKNOWLEDGED.plus(count))
                .from(Statements.unnest(DSL.val(added.keySet().toArray(String[]::new)),
                        DSL.val(added.values().toArray(Long[]::new))).as("a", "consumer_id", "count"))
                .where(CONSUMER_CURSORS.EVENT_SEQUENCE_ID.eq(id))
                .and(CONSUMER_CURSORS.CONSUMER_ID.eq(consumer))
                .execute();
        return added.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Deletes the idempotency keys of the removed events: a key was written in the transaction of its events, so it
     * was created when they were received — the index on (stream, created_at) finds the few of that time, and the
     * overlap of ids picks them. A key of a publish to several event names goes with the first of its events.
     */
    private static void removeKeys(DSLContext tx, long streamId,
                                   org.jooq.Result<Record2<UUID, OffsetDateTime>> removed) {
        if (removed.isEmpty()) {
            return;
        }
        OffsetDateTime from = removed.stream().map(Record2::value2).min(OffsetDateTime::compareTo).orElseThrow();
        OffsetDateTime to = removed.stream().map(Record2::value2).max(OffsetDateTime::compareTo).orElseThrow();
        UUID[] ids = removed.stream().map(Record2::value1).toArray(UUID[]::new);
        tx.deleteFrom(IDEMPOTENCY_KEYS)
                .where(IDEMPOTENCY_KEYS.STREAM_ID.eq(streamId))
                .and(IDEMPOTENCY_KEYS.CREATED_AT.between(from, to))
                .and(DSL.condition("{0} && {1}", IDEMPOTENCY_KEYS.EVENT_IDS, DSL.val(ids)))
                .execute();
    }
}

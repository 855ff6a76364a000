package io.eventserver.adapters.postgres.streams;

import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_CURSORS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENTS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.eventserver.adapters.postgres.schema.tables.Events;
import io.eventserver.adapters.postgres.sql.SqlFailures;
import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.EventNameSummary;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record4;
import org.jooq.Record;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;

/**
 * {@link StreamCatalog} on PostgreSQL. Counts come from {@code event_sequences.last_sequence} (sequences have no
 * gaps, so the last one is the count), the time of each name's newest event from {@code event_sequences
 * .last_event_at}; the time of the first unacknowledged event is a single primary-key look-up. No query scans the
 * events table, and every answer is bounded by its limit: a stream's summary reads its counter rows (at most
 * {@code api.max-event-names}) but carries only the most recent names. Event names and consumers are ordered by
 * their bytes ({@code collate "C"}), whatever the database's collation.
 */
public final class PostgresStreamCatalog implements StreamCatalog {

    private static final Events FIRST_UNACKNOWLEDGED = EVENTS.as("first_unacknowledged");
    private static final String BYTES = "C";

    private final DSLContext dsl;

    public PostgresStreamCatalog(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public List<StreamSummary> streams(Optional<StreamName> after, int limit, int recentNames) {
        Condition page = after.map(name -> STREAMS.NAME.gt(name.value())).orElse(DSL.trueCondition());
        return SqlFailures.call(() -> summaries(dsl.select(STREAMS.ID, STREAMS.NAME, STREAMS.OWNER, STREAMS.CREATED_AT)
                .from(STREAMS)
                .where(page)
                .orderBy(STREAMS.NAME)
                .limit(limit)
                .fetch(), recentNames));
    }

    @Override
    public Optional<StreamSummary> stream(StreamName name, int recentNames) {
        return SqlFailures.call(() -> summaries(dsl.select(STREAMS.ID, STREAMS.NAME, STREAMS.OWNER, STREAMS.CREATED_AT)
                .from(STREAMS)
                .where(STREAMS.NAME.eq(name.value()))
                .fetch(), recentNames).stream().findFirst());
    }

    /** Two queries for a page of streams: the totals of each, and each one's most recent names. */
    private List<StreamSummary> summaries(List<Record4<Long, String, String, OffsetDateTime>> streams,
                                          int recentNames) {
        if (streams.isEmpty()) {
            return List.of();
        }
        List<Long> ids = streams.stream().map(Record4::value1).toList();
        Map<Long, Record4<Long, Integer, java.math.BigDecimal, OffsetDateTime>> totals = new HashMap<>();
        dsl.select(EVENT_SEQUENCES.STREAM_ID, DSL.count(), DSL.sum(EVENT_SEQUENCES.LAST_SEQUENCE),
                        DSL.max(EVENT_SEQUENCES.LAST_EVENT_AT))
                .from(EVENT_SEQUENCES)
                .where(EVENT_SEQUENCES.STREAM_ID.in(ids))
                .groupBy(EVENT_SEQUENCES.STREAM_ID)
                .fetch()
                .forEach(row -> totals.put(row.value1(), row));
        Field<Integer> rank = DSL.rowNumber().over(DSL.partitionBy(EVENT_SEQUENCES.STREAM_ID)
                .orderBy(EVENT_SEQUENCES.LAST_EVENT_AT.desc(), EVENT_SEQUENCES.EVENT_NAME.collate(BYTES)))
                .as("rank");
        var ranked = dsl.select(EVENT_SEQUENCES.STREAM_ID, EVENT_SEQUENCES.EVENT_NAME, EVENT_SEQUENCES.LAST_SEQUENCE,
                        rank)
                .from(EVENT_SEQUENCES)
                .where(EVENT_SEQUENCES.STREAM_ID.in(ids))
                .asTable("ranked");
        Map<Long, Map<EventName, Long>> recent = new HashMap<>();
        dsl.select(ranked.field(EVENT_SEQUENCES.STREAM_ID), ranked.field(EVENT_SEQUENCES.EVENT_NAME),
                        ranked.field(EVENT_SEQUENCES.LAST_SEQUENCE))
                .from(ranked)
                .where(ranked.field(rank).le(recentNames))
                .fetch()
                .forEach(row -> recent.computeIfAbsent(row.value1(), id -> new HashMap<>())
                        .put(new EventName(row.value2()), row.value3()));
        List<StreamSummary> summaries = new ArrayList<>(streams.size());
        for (Record4<Long, String, String, OffsetDateTime> stream : streams) {
            var total = totals.get(stream.value1());
            summaries.add(new StreamSummary(new StreamName(stream.value2()), new ProducerId(stream.value3()),
                    stream.value4().toInstant(), recent.getOrDefault(stream.value1(), Map.of()),
                    total == null ? 0 : total.value2(),
                    total == null || total.value3() == null ? 0 : total.value3().longValueExact(),
                    Optional.ofNullable(total == null ? null : total.value4()).map(OffsetDateTime::toInstant)));
        }
        return summaries;
    }

    @Override
    public List<EventNameSummary> eventNames(StreamName stream, Optional<EventName> after, int limit) {
        Field<String> name = EVENT_SEQUENCES.EVENT_NAME.collate(BYTES);
        Condition page = after.map(last -> name.gt(DSL.val(last.value()).collate(BYTES)))
                .orElse(DSL.trueCondition());
        return SqlFailures.call(() -> dsl.select(EVENT_SEQUENCES.EVENT_NAME, EVENT_SEQUENCES.LAST_SEQUENCE)
                .from(EVENT_SEQUENCES)
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .where(STREAMS.NAME.eq(stream.value()))
                .and(page)
                .orderBy(name)
                .limit(limit)
                .fetch(row -> new EventNameSummary(new EventName(row.value1()), new Sequence(row.value2()))));
    }

    @Override
    public List<ConsumerLag> consumerLags(StreamName stream, Optional<ConsumerLag.Position> after, int limit) {
        Field<String> name = EVENT_SEQUENCES.EVENT_NAME.collate(BYTES);
        Field<String> consumer = CONSUMER_CURSORS.CONSUMER_ID.collate(BYTES);
        Condition page = after.map(last -> DSL.row(name, consumer).gt(DSL.row(
                        DSL.val(last.eventName().value()).collate(BYTES), DSL.val(last.consumer().value()).collate(BYTES))))
                .orElse(DSL.trueCondition());
        return SqlFailures.call(() -> lags(STREAMS.NAME.eq(stream.value()).and(page))
                .orderBy(name, consumer)
                .limit(limit)
                .fetch(PostgresStreamCatalog::lag));
    }

    @Override
    public List<ConsumerLag> largestLags(int limit) {
        return SqlFailures.call(() -> lags(DSL.trueCondition())
                .orderBy(EVENT_SEQUENCES.LAST_SEQUENCE.minus(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE).desc(),
                        STREAMS.NAME, EVENT_SEQUENCES.EVENT_NAME, CONSUMER_CURSORS.CONSUMER_ID)
                .limit(limit)
                .fetch(PostgresStreamCatalog::lag));
    }

    private SelectConditionStep<? extends Record> lags(Condition streams) {
        return dsl.select(STREAMS.NAME, CONSUMER_CURSORS.CONSUMER_ID, EVENT_SEQUENCES.EVENT_NAME,
                        CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE, CONSUMER_CURSORS.ACKNOWLEDGED_AT,
                        EVENT_SEQUENCES.LAST_SEQUENCE, FIRST_UNACKNOWLEDGED.RECEIVED_AT)
                .from(CONSUMER_CURSORS)
                .join(EVENT_SEQUENCES).on(EVENT_SEQUENCES.ID.eq(CONSUMER_CURSORS.EVENT_SEQUENCE_ID))
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .leftJoin(FIRST_UNACKNOWLEDGED).on(FIRST_UNACKNOWLEDGED.EVENT_SEQUENCE_ID.eq(EVENT_SEQUENCES.ID)
                        .and(FIRST_UNACKNOWLEDGED.SEQUENCE.eq(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE.plus(1L))))
                .where(streams);
    }

    private static ConsumerLag lag(Record row) {
        OffsetDateTime oldest = row.get(FIRST_UNACKNOWLEDGED.RECEIVED_AT);
        return new ConsumerLag(new StreamName(row.get(STREAMS.NAME)),
                new ConsumerId(row.get(CONSUMER_CURSORS.CONSUMER_ID)),
                new EventName(row.get(EVENT_SEQUENCES.EVENT_NAME)),
                new Sequence(row.get(CONSUMER_CURSORS.ACKNOWLEDGED_SEQUENCE)),
                row.get(CONSUMER_CURSORS.ACKNOWLEDGED_AT).toInstant(),
                new Sequence(row.get(EVENT_SEQUENCES.LAST_SEQUENCE)),
                Optional.ofNullable(oldest).map(OffsetDateTime::toInstant));
    }
}

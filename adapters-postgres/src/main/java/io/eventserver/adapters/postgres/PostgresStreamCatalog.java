package io.eventserver.adapters.postgres;

import static io.eventserver.adapters.postgres.schema.Tables.CONSUMER_CURSORS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENTS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.eventserver.adapters.postgres.schema.tables.Events;
import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;

/**
 * {@link StreamCatalog} on PostgreSQL. Counts come from {@code event_sequences.last_sequence} (sequences have no
 * gaps, so the last one is the count); times come from single primary-key look-ups of the newest event and of the
 * first unacknowledged one. No query scans the events table.
 */
final class PostgresStreamCatalog implements StreamCatalog {

    private static final Events NEWEST = EVENTS.as("newest");
    private static final Events FIRST_UNACKNOWLEDGED = EVENTS.as("first_unacknowledged");

    private final DSLContext dsl;

    PostgresStreamCatalog(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public List<StreamSummary> streams(Optional<StreamName> after, int limit) {
        Condition page = after.map(name -> STREAMS.NAME.gt(name.value())).orElse(DSL.trueCondition());
        return Guard.call(() -> summaries(dsl.select(STREAMS.ID)
                .from(STREAMS)
                .where(page)
                .orderBy(STREAMS.NAME)
                .limit(limit)));
    }

    @Override
    public Optional<StreamSummary> stream(StreamName name) {
        return Guard.call(() -> summaries(dsl.select(STREAMS.ID).from(STREAMS).where(STREAMS.NAME.eq(name.value())))
                .stream().findFirst());
    }

    private List<StreamSummary> summaries(org.jooq.Select<Record1<Long>> streamIds) {
        var rows = dsl.select(STREAMS.ID, STREAMS.NAME, STREAMS.OWNER, STREAMS.CREATED_AT,
                        EVENT_SEQUENCES.EVENT_NAME, EVENT_SEQUENCES.LAST_SEQUENCE, NEWEST.RECEIVED_AT)
                .from(STREAMS)
                .leftJoin(EVENT_SEQUENCES).on(EVENT_SEQUENCES.STREAM_ID.eq(STREAMS.ID))
                .leftJoin(NEWEST).on(NEWEST.EVENT_SEQUENCE_ID.eq(EVENT_SEQUENCES.ID)
                        .and(NEWEST.SEQUENCE.eq(EVENT_SEQUENCES.LAST_SEQUENCE)))
                .where(STREAMS.ID.in(streamIds))
                .orderBy(STREAMS.NAME, EVENT_SEQUENCES.EVENT_NAME)
                .fetch();
        Map<Long, StreamSummaryBuilder> byStream = new LinkedHashMap<>();
        for (Record row : rows) {
            StreamSummaryBuilder summary = byStream.computeIfAbsent(row.get(STREAMS.ID), id -> new StreamSummaryBuilder(
                    new StreamName(row.get(STREAMS.NAME)), new ProducerId(row.get(STREAMS.OWNER)),
                    row.get(STREAMS.CREATED_AT).toInstant()));
            if (row.get(EVENT_SEQUENCES.EVENT_NAME) != null) {
                summary.add(new EventName(row.get(EVENT_SEQUENCES.EVENT_NAME)), row.get(EVENT_SEQUENCES.LAST_SEQUENCE),
                        row.get(NEWEST.RECEIVED_AT));
            }
        }
        return byStream.values().stream().map(StreamSummaryBuilder::build).toList();
    }

    @Override
    public List<ConsumerLag> consumerLags(StreamName stream) {
        return Guard.call(() -> lags(STREAMS.NAME.eq(stream.value()))
                .orderBy(EVENT_SEQUENCES.EVENT_NAME, CONSUMER_CURSORS.CONSUMER_ID)
                .fetch(PostgresStreamCatalog::lag));
    }

    @Override
    public List<ConsumerLag> largestLags(int limit) {
        return Guard.call(() -> lags(DSL.trueCondition())
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

    private static final class StreamSummaryBuilder {
        private final StreamName name;
        private final ProducerId owner;
        private final Instant createdAt;
        private final Map<EventName, Long> counts = new HashMap<>();
        private Instant lastEventAt;

        StreamSummaryBuilder(StreamName name, ProducerId owner, Instant createdAt) {
            this.name = name;
            this.owner = owner;
            this.createdAt = createdAt;
        }

        void add(EventName eventName, long count, OffsetDateTime newest) {
            counts.put(eventName, count);
            if (newest != null && (lastEventAt == null || newest.toInstant().isAfter(lastEventAt))) {
                lastEventAt = newest.toInstant();
            }
        }

        StreamSummary build() {
            return new StreamSummary(name, owner, createdAt, counts, Optional.ofNullable(lastEventAt));
        }
    }
}

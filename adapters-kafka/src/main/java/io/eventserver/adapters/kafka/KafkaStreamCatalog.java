package io.eventserver.adapters.kafka;

import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_CURSORS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_FIRST_SEQUENCES;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_STREAMS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_TOPICS;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.eventserver.adapters.kafka.schema.tables.KafkaCursors;
import io.eventserver.adapters.kafka.schema.tables.KafkaFirstSequences;
import io.eventserver.adapters.kafka.schema.tables.KafkaTopics;
import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.EventNameSummary;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record8;
import org.jooq.impl.DSL;
import org.jooq.Records;
import org.jooq.SelectOnConditionStep;

/**
 * Read models of the Kafka engine: streams, topics and cursors from PostgreSQL, counts (end offsets) and times
 * (record timestamps) from Kafka, asked once per page for all its topics. Every answer is bounded by its limit; a
 * stream's summary asks Kafka about all its topics (at most {@code api.max-event-names}) but carries only the most
 * recent names. Event names and consumers are {@code collate "C"} columns: ordered by their bytes. The reads are
 * built with jOOQ against the generated schema and rendered per call (ADR 25: they run a few times a minute).
 */
final class KafkaStreamCatalog implements StreamCatalog {

    private final Sql sql;
    private final Readers readers;
    private final Admin admin;
    private final long timeoutMillis;

    KafkaStreamCatalog(Sql sql, Readers readers, Admin admin, KafkaSettings settings) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.readers = Objects.requireNonNull(readers, "readers");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeoutMillis = settings.appendTimeout().toMillis();
    }

    private record StreamRow(StreamName name, ProducerId owner, Instant createdAt) {
    }

    private record TopicRow(StreamName stream, EventName name, String topic) {
        TopicPartition partition() {
            return new TopicPartition(topic, 0);
        }
    }

    private record CursorRow(StreamName stream, EventName name, String topic, ConsumerId consumer, long offset,
                             Instant acknowledgedAt, long first, long expiredUnacknowledged) {
        TopicPartition partition() {
            return new TopicPartition(topic, 0);
        }
    }

    @Override
    public List<StreamSummary> streams(Optional<StreamName> after, int limit, int recentNames) {
        List<StreamRow> rows = sql.read(dsl -> streamRows(dsl,
                KAFKA_STREAMS.NAME.gt(after.map(StreamName::value).orElse("")), limit));
        return summaries(rows, recentNames);
    }

    @Override
    public Optional<StreamSummary> stream(StreamName name, int recentNames) {
        List<StreamRow> rows = sql.read(dsl -> streamRows(dsl, KAFKA_STREAMS.NAME.eq(name.value()), 1));
        return summaries(rows, recentNames).stream().findFirst();
    }

    private static List<StreamRow> streamRows(DSLContext dsl, Condition which, int limit) {
        return dsl.select(KAFKA_STREAMS.NAME, KAFKA_STREAMS.OWNER, KAFKA_STREAMS.CREATED_AT)
                .from(KAFKA_STREAMS)
                .where(which)
                .orderBy(KAFKA_STREAMS.NAME)
                .limit(limit)
                .fetch(Records.mapping((name, owner, createdAt) -> new StreamRow(new StreamName(name),
                        new ProducerId(owner), createdAt.toInstant())));
    }

    /**
     * The page's streams with their totals and most recent names: the end offsets and newest timestamps of all their
     * topics (at most {@code api.max-event-names} each), asked once for the page.
     */
    private List<StreamSummary> summaries(List<StreamRow> rows, int recentNames) {
        if (rows.isEmpty()) {
            return List.of();
        }
        String[] streams = rows.stream().map(row -> row.name().value()).toArray(String[]::new);
        List<TopicRow> topics = sql.read(dsl -> dsl.select(KAFKA_TOPICS.STREAM, KAFKA_TOPICS.EVENT_NAME,
                        KAFKA_TOPICS.TOPIC)
                .from(KAFKA_TOPICS)
                .where(KAFKA_TOPICS.STREAM.eq(any(streams)))
                .and(KAFKA_TOPICS.READY)
                .orderBy(KAFKA_TOPICS.STREAM, KAFKA_TOPICS.EVENT_NAME)
                .fetch(Records.mapping(KafkaStreamCatalog::topicRow)));
        List<TopicPartition> partitions = topics.stream().map(TopicRow::partition).toList();
        Map<TopicPartition, Long> ends = readers.endOffsets(partitions);
        Map<TopicPartition, Long> newest = newestTimestamps(partitions.stream()
                .filter(partition -> ends.getOrDefault(partition, 0L) > 0).toList());
        Map<StreamName, List<TopicRow>> byStream = new HashMap<>();
        topics.forEach(topic -> byStream.computeIfAbsent(topic.stream(), ignored -> new ArrayList<>()).add(topic));
        // the newest first, ties by name
        Comparator<TopicRow> recentFirst = Comparator.comparingLong(
                        (TopicRow topic) -> -newest.getOrDefault(topic.partition(), Long.MIN_VALUE + 1))
                .thenComparing(topic -> topic.name().value());
        List<StreamSummary> summaries = new ArrayList<>(rows.size());
        for (StreamRow row : rows) {
            List<TopicRow> own = byStream.getOrDefault(row.name(), List.of());
            long events = 0;
            Optional<Instant> last = Optional.empty();
            for (TopicRow topic : own) {
                events += ends.getOrDefault(topic.partition(), 0L);
                Long at = newest.get(topic.partition());
                if (at != null && (last.isEmpty() || last.get().toEpochMilli() < at)) {
                    last = Optional.of(Instant.ofEpochMilli(at));
                }
            }
            Map<EventName, Long> counts = new HashMap<>();
            own.stream().filter(topic -> ends.getOrDefault(topic.partition(), 0L) > 0).sorted(recentFirst)
                    .limit(recentNames)
                    .forEach(topic -> counts.put(topic.name(), ends.get(topic.partition())));
            summaries.add(new StreamSummary(row.name(), row.owner(), row.createdAt(), counts, own.size(), events,
                    last));
        }
        return summaries;
    }

    @Override
    public List<EventNameSummary> eventNames(StreamName stream, Optional<EventName> after, int limit) {
        List<TopicRow> topics = sql.read(dsl -> dsl.select(KAFKA_TOPICS.STREAM, KAFKA_TOPICS.EVENT_NAME,
                        KAFKA_TOPICS.TOPIC)
                .from(KAFKA_TOPICS)
                .where(KAFKA_TOPICS.STREAM.eq(stream.value()))
                .and(KAFKA_TOPICS.EVENT_NAME.gt(after.map(EventName::value).orElse("")))
                .and(KAFKA_TOPICS.READY)
                .orderBy(KAFKA_TOPICS.EVENT_NAME)
                .limit(limit)
                .fetch(Records.mapping(KafkaStreamCatalog::topicRow)));
        Map<TopicPartition, Long> ends = readers.endOffsets(topics.stream().map(TopicRow::partition).toList());
        return topics.stream().map(topic -> new EventNameSummary(topic.name(),
                new Sequence(ends.getOrDefault(topic.partition(), 0L)))).toList();
    }

    /** The newest record timestamp of each partition, in one request. */
    private Map<TopicPartition, Long> newestTimestamps(List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(partition -> specs.put(partition, OffsetSpec.maxTimestamp()));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = admin.listOffsets(specs).all()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> times = new HashMap<>();
            infos.forEach((partition, info) -> {
                if (info.offset() >= 0) {
                    times.put(partition, info.timestamp());
                }
            });
            return times;
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreUnavailable("Kafka did not list offsets: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailable("interrupted while listing offsets", e);
        }
    }

    @Override
    public List<ConsumerLag> consumerLags(StreamName stream, Optional<ConsumerLag.Position> after, int limit) {
        List<CursorRow> cursors = sql.read(dsl -> cursors(dsl)
                .where(T.STREAM.eq(stream.value()))
                .and(row(T.EVENT_NAME, C.CONSUMER).gt(
                        after.map(position -> position.eventName().value()).orElse(""),
                        after.map(position -> position.consumer().value()).orElse("")))
                .orderBy(T.EVENT_NAME, C.CONSUMER)
                .limit(limit)
                .fetch(Records.mapping(KafkaStreamCatalog::cursorRow)));
        return lags(cursors, lastSequences(cursors));
    }

    @Override
    public List<ConsumerLag> largestLags(int limit) {
        List<CursorRow> cursors = sql.read(dsl -> cursors(dsl).fetch(Records.mapping(KafkaStreamCatalog::cursorRow)));
        Map<TopicPartition, Long> ends = lastSequences(cursors);
        List<CursorRow> largest = cursors.stream()
                .sorted(Comparator.comparingLong((CursorRow c) -> Math.max(c.offset(), c.first() - 1)
                                - ends.getOrDefault(c.partition(), 0L))
                        .thenComparing(c -> c.stream().value()).thenComparing(c -> c.name().value())
                        .thenComparing(c -> c.consumer().value()))
                .limit(limit).toList();
        return lags(largest, ends);
    }

    private static final KafkaCursors C = KAFKA_CURSORS.as("c");
    private static final KafkaTopics T = KAFKA_TOPICS.as("t");

    private static final KafkaFirstSequences F = KAFKA_FIRST_SEQUENCES.as("f");

    /**
     * Every cursor with its (stream, event name) and topic, the first sequence retention accounted of the topic and
     * what retention removed that the cursor's consumer had not acknowledged (ADR 60).
     */
    private static SelectOnConditionStep<Record8<String, String, String, String, Long, OffsetDateTime, Long, Long>>
            cursors(DSLContext dsl) {
        return dsl.select(T.STREAM, T.EVENT_NAME, T.TOPIC, C.CONSUMER, C.OFFSET, C.ACKNOWLEDGED_AT,
                        DSL.coalesce(F.FIRST_SEQUENCE, DSL.inline(1L)), C.EXPIRED_UNACKNOWLEDGED)
                .from(C)
                .join(T).on(T.ID.eq(C.TOPIC_ID))
                .leftJoin(F).on(F.TOPIC_ID.eq(C.TOPIC_ID));
    }

    private Map<TopicPartition, Long> lastSequences(List<CursorRow> cursors) {
        return readers.endOffsets(cursors.stream().map(CursorRow::partition).distinct().toList());
    }

    private List<ConsumerLag> lags(List<CursorRow> cursors, Map<TopicPartition, Long> ends) {
        List<ConsumerLag> lags = new ArrayList<>(cursors.size());
        for (CursorRow cursor : cursors) {
            long last = ends.getOrDefault(cursor.partition(), 0L);
            Optional<Instant> oldest = Optional.empty();
            // what retention removed is not behind any more (ADR 60): the first stored event after the offset
            long from = Math.max(cursor.offset(), cursor.first() - 1);
            if (last > from) {
                List<ConsumerRecord<byte[], byte[]>> next = readers.read(cursor.partition(), from, last, 1);
                oldest = next.stream().findFirst().map(record -> Instant.ofEpochMilli(record.timestamp()));
            }
            lags.add(new ConsumerLag(cursor.stream(), cursor.consumer(), cursor.name(), new Sequence(cursor.offset()),
                    cursor.acknowledgedAt(), new Sequence(last), oldest, new Sequence(cursor.first()),
                    cursor.expiredUnacknowledged()));
        }
        return lags;
    }

    private static TopicRow topicRow(String stream, String name, String topic) {
        return new TopicRow(new StreamName(stream), new EventName(name), topic);
    }

    private static CursorRow cursorRow(String stream, String name, String topic, String consumer, Long offset,
                                       OffsetDateTime acknowledgedAt, Long first, Long expiredUnacknowledged) {
        return new CursorRow(new StreamName(stream), new EventName(name), topic, new ConsumerId(consumer), offset,
                acknowledgedAt.toInstant(), first, expiredUnacknowledged);
    }
}

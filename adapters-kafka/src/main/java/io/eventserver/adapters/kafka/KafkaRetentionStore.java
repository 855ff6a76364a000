package io.eventserver.adapters.kafka;

import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

import io.eventserver.application.model.Removal;
import io.eventserver.application.port.out.RetentionStore;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.retention.MaxAge;
import io.eventserver.domain.retention.Retention;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * {@link RetentionStore} of the Kafka engine (issue 25, ADR 60): a stream's own retention is a row of
 * {@code kafka_stream_retention}; what retention removed of a topic is accounted in {@code kafka_first_sequences}.
 * <p>
 * A removal step takes one topic in a metadata transaction of its own: it locks the topic's first-sequence row
 * ({@code for update skip locked}: another process removing from the topic is skipped), computes the cut from Kafka
 * (its end offset for {@code maxEvents}, the time index for {@code maxAge}, its log start for what Kafka removed on its
 * own through {@code retention.ms}), at most a step above the first sequence; then, under the locks of the topic's
 * cursors, adds to each cursor what it had not acknowledged of the range, deletes the range's leases, dead letters
 * and idempotency keys and moves the first sequence. After the commit, {@code Admin.deleteRecords} moves Kafka's log
 * start up to the cut; readers never hand out an event below the accounted first sequence, so Kafka may follow late
 * (a failed deleteRecords is repeated by the next step).
 */
final class KafkaRetentionStore implements RetentionStore {

    private static final Logger LOG = Logger.getLogger(KafkaRetentionStore.class.getName());

    private final Sql sql;
    private final Readers readers;
    private final Admin admin;
    private final long timeoutMillis;

    KafkaRetentionStore(Sql sql, Readers readers, Admin admin, KafkaSettings settings) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.readers = Objects.requireNonNull(readers, "readers");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeoutMillis = settings.appendTimeout().toMillis();
    }

    @Override
    public Optional<Retention> find(StreamName stream) {
        Optional<Optional<Retention>> found = sql.one(RetentionStatements.FIND, s -> s.setString(1, stream.value()),
                row -> {
                    if (row.getString(2) == null) {
                        return Optional.<Retention>empty();
                    }
                    String maxAge = row.getString(3);
                    long maxAgeMs = row.getLong(4);
                    long maxEvents = row.getLong(5);
                    boolean unlimitedEvents = row.wasNull();
                    return Optional.of(new Retention(
                            Optional.ofNullable(maxAge).map(text -> new MaxAge(text, Duration.ofMillis(maxAgeMs))),
                            unlimitedEvents ? Optional.empty() : Optional.of(maxEvents)));
                });
        return found.orElseThrow(() -> new StreamNotFound(stream));
    }

    @Override
    public void save(StreamName stream, Retention retention) {
        int stored = sql.update(RetentionStatements.SAVE, s -> {
            if (retention.maxAge().isPresent()) {
                s.setString(1, retention.maxAge().get().text());
                s.setLong(2, Math.max(1000, retention.maxAge().get().duration().toMillis()));
            } else {
                s.setNull(1, Types.VARCHAR);
                s.setNull(2, Types.BIGINT);
            }
            if (retention.maxEvents().isPresent()) {
                s.setLong(3, retention.maxEvents().get());
            } else {
                s.setNull(3, Types.BIGINT);
            }
            s.setString(4, stream.value());
        });
        if (stored == 0) {
            throw new StreamNotFound(stream);
        }
    }

    @Override
    public Map<EventName, Sequence> firstSequences(StreamName stream, Collection<EventName> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<EventName, Sequence> first = new LinkedHashMap<>();
        sql.query(RetentionStatements.FIRST_SEQUENCES, s -> {
            s.setString(1, stream.value());
            s.setArray(2, s.getConnection().createArrayOf("text", names.stream().map(EventName::value).toArray()));
        }, row -> first.put(new EventName(row.getString(1)), new Sequence(row.getLong(2))));
        return first;
    }

    /** A created topic, the retention in force for its stream (null: unlimited) and its accounted first sequence. */
    private record Candidate(Topics.Topic topic, Long maxAgeMs, Long maxEvents, long first, long retentionMs) {

        boolean limited() {
            return maxAgeMs != null || maxEvents != null;
        }
    }

    @Override
    public List<Removal> removeExpired(Retention defaults, int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be >= 1");
        }
        Long defaultAgeMs = defaults.maxAge().map(age -> Math.max(1000, age.duration().toMillis())).orElse(null);
        Long defaultEvents = defaults.maxEvents().orElse(null);
        List<Candidate> all = sql.query(RetentionStatements.TOPICS, s -> { }, row -> {
            Topics.Topic topic = new Topics.Topic(row.getLong(1), new StreamName(row.getString(2)),
                    new EventName(row.getString(3)), row.getString(4));
            boolean own = row.getBoolean(5);
            Long ageMs = own ? (Long) row.getObject(6) : defaultAgeMs;
            Long events = own ? (Long) row.getObject(7) : defaultEvents;
            return new Candidate(topic, ageMs, events, row.getLong(8), row.getLong(9));
        });
        configure(all);
        List<Candidate> limited = all.stream().filter(Candidate::limited).toList();
        if (limited.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> partitions = limited.stream().map(candidate -> candidate.topic().partition()).toList();
        Map<TopicPartition, long[]> bounds = readers.bounds(partitions);
        long now = System.currentTimeMillis();
        Map<Long, Map<TopicPartition, Long>> young = new HashMap<>();
        Map<StreamName, long[]> removed = new LinkedHashMap<>();
        for (Candidate candidate : limited) {
            TopicPartition partition = candidate.topic().partition();
            long[] bound = bounds.get(partition);
            if (bound == null) {
                continue;
            }
            long start = bound[0];
            long last = bound[1];
            long target = start + 1;
            if (candidate.maxEvents() != null) {
                target = Math.max(target, last - candidate.maxEvents() + 1);
            }
            if (candidate.maxAgeMs() != null) {
                // the first record received within maxAge: Kafka's time index over the records' timestamps, which
                // are the events' receivedAt (ADR 38: CreateTime, set by the producer to when it stored them)
                Map<TopicPartition, Long> offsets = young.computeIfAbsent(candidate.maxAgeMs(), ms ->
                        readers.offsetsAtOrAfter(limited.stream().filter(c -> ms.equals(c.maxAgeMs()))
                                .map(c -> c.topic().partition()).toList(), now - ms));
                Long offset = offsets.get(partition);
                target = Math.max(target, offset == null ? last + 1 : offset + 1);
            }
            target = Math.min(target, last + 1);
            if (target <= candidate.first()) {
                if (start + 1 < candidate.first()) {
                    // a deleteRecords after an earlier step's commit did not reach Kafka: again
                    deleteRecords(partition, candidate.first() - 1);
                }
                continue;
            }
            long cut = target;
            long[] counts = sql.transaction(session -> step(session, candidate, cut, maxEvents));
            if (counts[0] > 0) {
                deleteRecords(partition, counts[2] - 1);
                long[] total = removed.computeIfAbsent(candidate.topic().stream(), stream -> new long[2]);
                total[0] += counts[0];
                total[1] += counts[1];
            }
        }
        List<Removal> removals = new ArrayList<>(removed.size());
        removed.forEach((stream, counts) -> removals.add(new Removal(stream, counts[0], counts[1])));
        return removals;
    }

    /**
     * One step on one topic, in the caller's transaction.
     *
     * @return {events removed, expiredUnacknowledged added over the cursors, the new first sequence}
     */
    private long[] step(Sql.Session session, Candidate candidate, long target, int stepSize)
            throws java.sql.SQLException {
        Topics.Topic topic = candidate.topic();
        session.update(RetentionStatements.ADD_FIRST, s -> s.setLong(1, topic.id()));
        Optional<Long> locked = session.one(RetentionStatements.LOCK_FIRST, s -> s.setLong(1, topic.id()),
                row -> row.getLong(1));
        if (locked.isEmpty()) {
            return new long[3];
        }
        long first = locked.get();
        long cut = Math.min(target, first + stepSize);
        if (cut <= first) {
            return new long[3];
        }
        // the removed events' ids, for their idempotency keys (when the stream has any), read before the cursors
        // are locked: the locks are held for SQL statements only
        boolean keyed = session.one(RetentionStatements.HAS_KEYS, s -> s.setString(1, topic.stream().value()),
                row -> true).isPresent();
        List<ConsumerRecord<byte[], byte[]>> records = keyed
                ? readers.read(topic.partition(), first - 1, cut - 1, (int) (cut - first))
                : List.of();
        // each cursor: the removed events above both its offset and its leasedThrough (never leased, so never
        // acknowledged), and its lease entries in the range (leased, released or dead-lettered) — ADR 60
        Map<String, Long> added = new LinkedHashMap<>();
        session.query(RetentionStatements.LOCK_CURSORS, s -> {
            s.setLong(1, first);
            s.setLong(2, cut);
            s.setLong(3, topic.id());
        }, row -> {
            long seen = Math.max(row.getLong(2), row.getLong(3));
            long neverLeased = Math.max(0, cut - Math.max(first, seen + 1));
            long count = neverLeased + row.getLong(4);
            if (count > 0) {
                added.put(row.getString(1), count);
            }
            return null;
        });
        for (Map.Entry<String, Long> cursor : added.entrySet()) {
            session.update(RetentionStatements.ADD_EXPIRED, s -> {
                s.setLong(1, cursor.getValue());
                s.setLong(2, topic.id());
                s.setString(3, cursor.getKey());
            });
        }
        session.update(RetentionStatements.DELETE_LEASES_BELOW, s -> {
            s.setLong(1, topic.id());
            s.setLong(2, cut);
        });
        if (keyed) {
            removeKeys(session, candidate, records, cut - first);
        }
        session.update(RetentionStatements.SET_FIRST, s -> {
            s.setLong(1, cut);
            s.setLong(2, topic.id());
        });
        return new long[] {cut - first, added.values().stream().mapToLong(Long::longValue).sum(), cut};
    }

    /**
     * The idempotency keys of the removed events [first, cut): their ids are the records' keys, read from Kafka
     * before deleteRecords. Events Kafka removed on its own ({@code retention.ms}) cannot be read any more: then the
     * stream's keys reserved longer ago than its maxAge and twice the append time-out (whose events are all older
     * than maxAge) go instead.
     */
    private void removeKeys(Sql.Session session, Candidate candidate, List<ConsumerRecord<byte[], byte[]>> records,
                            long removed) throws java.sql.SQLException {
        StreamName stream = candidate.topic().stream();
        if (!records.isEmpty()) {
            UUID[] ids = records.stream().map(record -> EventRecords.event(record, candidate.topic().name()).id()
                    .value()).toArray(UUID[]::new);
            session.update(RetentionStatements.DELETE_KEYS_OF, s -> {
                s.setString(1, stream.value());
                s.setArray(2, s.getConnection().createArrayOf("uuid", ids));
            });
        }
        if (records.size() < removed && candidate.maxAgeMs() != null) {
            session.update(RetentionStatements.DELETE_KEYS_OLDER, s -> {
                s.setString(1, stream.value());
                s.setLong(2, candidate.maxAgeMs() + 2 * timeoutMillis);
            });
        }
    }

    /** Moves Kafka's log start of the partition up to {@code offset}; a failure is left to the next step. */
    private void deleteRecords(TopicPartition partition, long offset) {
        try {
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(offset))).all()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warning("Kafka did not delete the records of " + partition + " before offset " + offset
                    + " (readers skip them already; the next removal step asks again): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailable("interrupted while deleting records", e);
        }
    }

    /**
     * Gives each topic the {@code retention.ms} of its stream's maxAge (-1, Kafka's unlimited, without one), so that
     * Kafka removes whole segments of old events on its own as well — the removal steps account them by the log start.
     * Only topics whose recorded value differs are altered (in one request), and the new value is recorded for every
     * node.
     */
    private void configure(List<Candidate> candidates) {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        Map<String, Candidate> changed = new HashMap<>();
        for (Candidate candidate : candidates) {
            long ms = wantedRetentionMs(candidate);
            if (ms != candidate.retentionMs()) {
                changed.put(candidate.topic().topic(), candidate);
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, candidate.topic().topic()), List.of(
                        new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(ms)),
                                AlterConfigOp.OpType.SET)));
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        Map<ConfigResource, KafkaFuture<Void>> results = admin.incrementalAlterConfigs(changes).values();
        for (Map.Entry<ConfigResource, KafkaFuture<Void>> result : results.entrySet()) {
            Candidate candidate = changed.get(result.getKey().name());
            try {
                result.getValue().get(timeoutMillis, TimeUnit.MILLISECONDS);
                sql.update(RetentionStatements.SET_RETENTION_MS, s -> {
                    s.setLong(1, candidate.topic().id());
                    s.setLong(2, wantedRetentionMs(candidate));
                });
            } catch (ExecutionException | TimeoutException e) {
                LOG.warning("Kafka did not set retention.ms of " + result.getKey().name()
                        + " (asked again next step): " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailable("interrupted while configuring topics", e);
            }
        }
    }

    private static long wantedRetentionMs(Candidate candidate) {
        return candidate.maxAgeMs() == null ? -1 : candidate.maxAgeMs();
    }

    /** Kafka reclaims the space of removed records by itself, segment by segment (ADR 60, 61): nothing to do. */
    @Override
    public void reclaimSpace() {
    }
}

package io.eventserver.adapters.kafka;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.eventserver.adapters.kafka.schema.Keys;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.application.port.out.StreamDeletedConcurrently;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.TooManyEventNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The mapping (stream, event name) → single-partition topic, kept in {@code kafka_topics} (ADR 38). A new pair gets
 * its row first — under the stream's lock, while the stream has fewer than the most event names (issue 29) — then its
 * topic; the mapping is cached once the topic exists, so a publish to a known pair does not touch PostgreSQL.
 */
final class Topics {

    /** The largest record batch a topic accepts: a batch of one event name is one produce (ADR 38). */
    static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

    private final Sql sql;
    private final Admin admin;
    private final KafkaSettings settings;
    private final int maxEventNames;
    private final Map<Key, Topic> ready = new ConcurrentHashMap<>();
    /** How often a stream was forgotten: a look-up that began before one does not remember what it found. */
    private final AtomicLong forgotten = new AtomicLong();

    Topics(Sql sql, Admin admin, KafkaSettings settings, int maxEventNames) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.maxEventNames = maxEventNames;
    }

    private record Key(StreamName stream, EventName name) {
    }

    /** One topic; the instance in the cache is also the lock that keeps a batch's records together. */
    record Topic(long id, StreamName stream, EventName name, String topic) {

        TopicPartition partition() {
            return new TopicPartition(topic, 0);
        }
    }

    /** The topic of the pair, when it was created; empty when the pair has no events yet. */
    Optional<Topic> find(StreamName stream, EventName name) {
        Key key = new Key(stream, name);
        Topic cached = ready.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        long before = forgotten.get();
        return sql.one(Statements.FIND_TOPIC, s -> {
            s.setString(1, stream.value());
            s.setString(2, name.value());
        }, Topics::topic).map(topic -> before == forgotten.get() ? remember(topic) : topic);
    }

    /**
     * The topics of the stream's event names, created now for the names that have none. A name that is new to the
     * stream gets its row only while the stream has fewer than the most event names: in one transaction the stream's
     * row is locked — the transactions adding names to one stream, on any process, take turns — and its names are
     * counted after the lock, so concurrent publishes never add more than the names left. Then the missing topics
     * are created in Kafka.
     *
     * @throws TooManyEventNames when the new names would give the stream more than the most event names; nothing
     *                           was written
     * @throws StreamDeletedConcurrently when the stream is not stored — never created, or deleted (a topic row's
     *                           stream must exist: the constraint {@code kafka_topics_stream_fkey}); nothing was
     *                           written
     */
    Map<EventName, Topic> ensure(StreamName stream, Collection<EventName> names) {
        Map<EventName, Topic> found = new LinkedHashMap<>();
        List<EventName> missing = new ArrayList<>();
        for (EventName name : names) {
            Topic cached = ready.get(new Key(stream, name));
            if (cached != null) {
                found.put(name, cached);
            } else {
                missing.add(name);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        long before = forgotten.get();
        List<Topic> rows;
        try {
            rows = sql.statementsOnly(session -> rows(session, stream, missing));
        } catch (Sql.ConstraintViolated violated) {
            if (violated.constraint().equals(Keys.KAFKA_TOPICS__KAFKA_TOPICS_STREAM_FKEY.getName())) {
                // never created, or deleted since the caller found it (ADR 62)
                forget(stream);
                throw new StreamDeletedConcurrently(stream);
            }
            throw violated;
        }
        for (Topic row : rows) {
            Topic topic = ready.get(new Key(stream, row.name()));
            if (topic == null) {
                create(row.topic());
                sql.update(Statements.TOPIC_READY, s -> s.setLong(1, row.id()));
                topic = before == forgotten.get() ? remember(row) : row;
            }
            found.put(row.name(), topic);
        }
        return found;
    }

    /** The rows of these names of the stream, inserted for those that have none — if the stream has room. */
    private List<Topic> rows(Sql.Session session, StreamName stream, List<EventName> names) throws SQLException {
        session.query(Statements.LOCK_STREAM, s -> s.setString(1, stream.value()), r -> r.getString(1));
        Map<EventName, Topic> rows = new LinkedHashMap<>();
        for (Topic row : session.query(Statements.TOPICS_OF_NAMES, s -> {
            s.setString(1, stream.value());
            s.setArray(2, s.getConnection().createArrayOf("text", names.stream().map(EventName::value).toArray()));
        }, Topics::topic)) {
            rows.put(row.name(), row);
        }
        List<EventName> fresh = names.stream().filter(name -> !rows.containsKey(name)).toList();
        if (fresh.isEmpty()) {
            return List.copyOf(rows.values());
        }
        long count = session.one(Statements.COUNT_TOPICS, s -> s.setString(1, stream.value()), r -> r.getLong(1))
                .orElseThrow();
        if (count + fresh.size() > maxEventNames) {
            throw new TooManyEventNames(stream, count);
        }
        for (EventName name : fresh) {
            rows.put(name, session.one(Statements.ADD_TOPIC, s -> {
                s.setString(1, stream.value());
                s.setString(2, name.value());
                s.setString(3, settings.topicPrefix());
            }, Topics::topic).orElseThrow());
        }
        return List.copyOf(rows.values());
    }

    /** The topics, among those of these pairs, that were created since; one query. */
    List<Topic> created(List<StreamName> streams, List<EventName> names) {
        if (streams.isEmpty()) {
            return List.of();
        }
        long before = forgotten.get();
        List<Topic> found = sql.query(Statements.CREATED_TOPICS, s -> {
            s.setArray(1, s.getConnection().createArrayOf("text", streams.stream().map(StreamName::value).toArray()));
            s.setArray(2, s.getConnection().createArrayOf("text", names.stream().map(EventName::value).toArray()));
        }, Topics::topic);
        return found.stream().map(topic -> before == forgotten.get() ? remember(topic) : topic).toList();
    }

    /** Every topic of the stream that was created, in event-name order. */
    List<Topic> ofStream(StreamName stream) {
        return sql.query(Statements.TOPICS_OF_STREAM, s -> s.setString(1, stream.value()), Topics::topic);
    }

    private void create(String topic) {
        NewTopic spec = new NewTopic(topic, 1, settings.replicationFactor()).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false",
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.minInsyncReplicas()),
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime",
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES)));
        Duration timeout = settings.appendTimeout();
        try {
            admin.createTopics(List.of(spec)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StoreUnavailable("Kafka did not create topic " + topic + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new StoreUnavailable("Kafka did not create topic " + topic + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailable("interrupted while creating topic " + topic, e);
        }
    }

    /** Forgets the topics of a stream that was deleted (ADR 62), here or on another process. */
    void forget(StreamName stream) {
        forgotten.incrementAndGet();
        ready.keySet().removeIf(key -> key.stream().equals(stream));
    }

    /**
     * Deletes these topics in Kafka (ADR 62), once their rows are gone. A topic Kafka fails to delete is logged and
     * left: no row names it any more, so nothing reads or writes it, and a new stream of the name gets new topics
     * (their names carry their rows' ids).
     */
    void delete(List<Topic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        List<String> names = topics.stream().map(Topic::topic).toList();
        try {
            admin.deleteTopics(names).all().get(settings.appendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            java.util.logging.Logger.getLogger(Topics.class.getName()).warning("Kafka did not delete the topics "
                    + names + " of a deleted stream (nothing refers to them any more): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Topic remember(Topic topic) {
        Topic previous = ready.putIfAbsent(new Key(topic.stream(), topic.name()), topic);
        return previous != null ? previous : topic;
    }

    /** A row of the columns {@link Statements} reads topics with: id, stream, event name, topic. */
    private static Topic topic(ResultSet row) throws SQLException {
        return new Topic(row.getLong(1), new StreamName(row.getString(2)), new EventName(row.getString(3)),
                row.getString(4));
    }
}

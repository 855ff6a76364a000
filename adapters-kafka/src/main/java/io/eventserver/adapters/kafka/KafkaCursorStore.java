package io.eventserver.adapters.kafka;

import java.util.Objects;
import java.util.Optional;

import io.eventserver.adapters.kafka.schema.Keys;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.StreamDeletedConcurrently;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * Consumer cursors of the Kafka engine, in PostgreSQL ({@code kafka_cursors}): Kafka's committed group offsets are
 * last-writer-wins and expire, where a cursor must never move backwards on a late acknowledgement (ADR 38).
 */
final class KafkaCursorStore implements CursorStore {

    private final Sql sql;
    private final Topics topics;

    KafkaCursorStore(Sql sql, Topics topics) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    @Override
    public Optional<ConsumerCursor> find(ConsumerId consumer, StreamName stream, EventName eventName) {
        return topics.find(stream, eventName).flatMap(topic -> sql.one(Statements.FIND_CURSOR, s -> {
            s.setLong(1, topic.id());
            s.setString(2, consumer.value());
        }, r -> ConsumerCursor.at(consumer, stream, eventName, new Sequence(r.getLong(1)),
                new Sequence(r.getLong(2)))));
    }

    @Override
    public boolean save(ConsumerCursor cursor) {
        return upsert(cursor, Statements.MOVE_CURSOR_FORWARD);
    }

    @Override
    public boolean overwrite(ConsumerCursor cursor) {
        return upsert(cursor, Statements.OVERWRITE_CURSOR);
    }

    /**
     * One transaction (ADR 62): the consumer's cursors of the stream's topics and its lease rows (ADR 57) there.
     */
    @Override
    public boolean deleteConsumer(ConsumerId consumer, StreamName stream) {
        return sql.statementsOnly(session -> {
            session.update(Statements.DELETE_CONSUMER_LEASES, s -> {
                s.setString(1, consumer.value());
                s.setString(2, stream.value());
            });
            return session.update(Statements.DELETE_CONSUMER, s -> {
                s.setString(1, consumer.value());
                s.setString(2, stream.value());
            }) > 0;
        });
    }

    /**
     * One statement, so that it is atomic with concurrent saves and with leases: the row lock orders them, and a
     * cursor with leases (ADR 52) is left alone — then no row is inserted or updated. A topic this process remembers
     * of a stream deleted elsewhere (ADR 62) has no row: the foreign key says so, and the topic is forgotten.
     */
    private boolean upsert(ConsumerCursor cursor, String upsert) {
        Topics.Topic topic = topics.find(cursor.stream(), cursor.eventName()).orElseThrow(
                () -> new IllegalArgumentException(cursor.stream() + "/" + cursor.eventName() + " has no events"));
        try {
            return sql.update(upsert, s -> {
                s.setLong(1, topic.id());
                s.setString(2, cursor.consumer().value());
                s.setLong(3, cursor.offset().value());
            }) > 0;
        } catch (Sql.ConstraintViolated violated) {
            if (violated.constraint().equals(Keys.KAFKA_CURSORS__KAFKA_CURSORS_TOPIC_ID_FKEY.getName())) {
                topics.forget(cursor.stream());
                throw new StreamDeletedConcurrently(cursor.stream());
            }
            throw violated;
        }
    }
}

package io.eventserver.adapters.kafka;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.IdempotencyKeyReused;
import io.eventserver.domain.event.KeyedPublish;
import io.eventserver.domain.stream.Stream;

/**
 * Idempotency keys of publishes on Kafka (ADR 38), reserved before their events are produced: a row in
 * {@code kafka_idempotency_keys} per (stream, producer, key), inserted <em>before</em> the events are produced, with
 * the ids they are going to have, and marked stored once Kafka acknowledged them. The insert has one winner; a
 * later request with the same key is answered by the domain's rule ({@link Idempotency#replay}) from the row —
 * refused at once for another fingerprint, else it waits for the winner's outcome. A row left unstored by a process
 * that died in flight is settled by looking its first id up in Kafka: found, the key is marked stored and answered;
 * not found, the row is removed and the key is free again.
 */
final class IdempotencyKeyReservations {

    private static final Duration WAIT_STEP = Duration.ofMillis(5);

    private final Sql sql;
    private final Duration appendTimeout;

    IdempotencyKeyReservations(Sql sql, Duration appendTimeout) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.appendTimeout = Objects.requireNonNull(appendTimeout, "appendTimeout");
    }

    /** What a keyed publish is to do. */
    sealed interface Claim {
    }

    /** The key is this request's: produce the events, then {@link #stored} (or {@link #release} on failure). */
    record Mine() implements Claim {
    }

    /** An earlier request with this key stored these events: answer them. */
    record Replay(List<EventId> ids) implements Claim {
    }

    /** A reservation: what the key holds, whether its events are known to be stored, and its age. */
    private record Row(KeyedPublish first, boolean stored, double ageSeconds) {
    }

    /**
     * @param inKafka whether an event with this id was produced (for a row a dead process left unstored)
     * @throws IdempotencyKeyReused when the key was used with another fingerprint
     */
    Claim claim(Stream stream, Idempotency idempotency, List<EventId> ids, Predicate<EventId> inKafka) {
        long deadline = System.nanoTime() + appendTimeout.toNanos();
        while (true) {
            int inserted = sql.update(Statements.CLAIM_KEY, s -> {
                bindKey(s, stream, idempotency);
                s.setString(4, idempotency.fingerprint());
                s.setArray(5, s.getConnection().createArrayOf("uuid", ids.stream().map(EventId::value).toArray()));
            });
            if (inserted == 1) {
                return new Mine();
            }
            Row row = find(stream, idempotency);
            if (row != null) {
                // another fingerprint is refused even while the first publish is in flight
                List<EventId> replayed = idempotency.replay(row.first());
                if (row.stored()) {
                    return new Replay(replayed);
                }
                if (row.ageSeconds() > 2.0 * appendTimeout.toSeconds()) {
                    if (inKafka.test(replayed.getFirst())) {
                        stored(stream, idempotency);
                        return new Replay(replayed);
                    }
                    release(stream, idempotency);
                    continue;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StoreUnavailable("a publish with Idempotency-Key " + idempotency.key()
                        + " is still in flight; retry later", null);
            }
            try {
                Thread.sleep(WAIT_STEP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailable("interrupted while waiting for a publish with the same key", e);
            }
        }
    }

    void stored(Stream stream, Idempotency idempotency) {
        sql.update(Statements.KEY_STORED, s -> bindKey(s, stream, idempotency));
    }

    /** The publish failed before anything was produced: the key is free again. */
    void release(Stream stream, Idempotency idempotency) {
        sql.update(Statements.RELEASE_KEY, s -> bindKey(s, stream, idempotency));
    }

    private Row find(Stream stream, Idempotency idempotency) {
        return sql.one(Statements.FIND_KEY, s -> bindKey(s, stream, idempotency),
                r -> new Row(new Idempotency(idempotency.key(), r.getString(1)).storedAs(ids(r.getArray(2))),
                        r.getBoolean(3), ageSeconds(r.getObject(4, OffsetDateTime.class),
                                r.getObject(5, OffsetDateTime.class))))
                .orElse(null);
    }

    /** The time from {@code reserved} to {@code now}, both on the database's clock. */
    private static double ageSeconds(OffsetDateTime reserved, OffsetDateTime now) {
        return Duration.between(reserved, now).toNanos() / 1e9;
    }

    private static List<EventId> ids(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(id -> new EventId((UUID) id)).toList();
    }

    private static void bindKey(PreparedStatement statement, Stream stream, Idempotency idempotency)
            throws SQLException {
        statement.setString(1, stream.name().value());
        statement.setString(2, stream.owner().value());
        statement.setString(3, idempotency.key().value());
    }
}

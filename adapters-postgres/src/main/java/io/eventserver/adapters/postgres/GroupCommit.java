package io.eventserver.adapters.postgres;

import static io.eventserver.adapters.postgres.schema.Tables.EVENTS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.application.port.out.StreamClaimedConcurrently;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Group commit: appends that arrive while a transaction is being committed wait in a queue, and the next
 * transaction stores all of them together — a handful of statements and one WAL flush for up to {@link #MAX_BATCH}
 * events — instead of one transaction and one flush each (adr/0015).
 * <p>
 * One writer thread runs the transactions one after the other. Within a batch, events of one (stream, event name)
 * get consecutive sequences in arrival order; a batch becomes visible at once at its commit, and the next batch
 * starts after it, so the ordering guarantee of adr/0007 holds: sequences are gapless and visible in order. A caller
 * is answered only after the commit that contains its event returned. When a batch fails as a whole (say, an
 * event id that exists already), its appends are retried one per transaction, so that one bad append fails alone;
 * when the database is unreachable, they all fail at once (503).
 */
final class GroupCommit implements AutoCloseable {

    static final int MAX_BATCH = 500;
    private static final int WAIT_LIMIT_SECONDS = 60;

    private record Pending(Stream stream, EventAppended event, CompletableFuture<RecordedEvent> result) {
    }

    private record Key(long streamId, String eventName) {
    }

    private final DSLContext dsl;
    private final StreamDirectory streams;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    GroupCommit(DSLContext dsl, StreamDirectory streams) {
        this.dsl = dsl;
        this.streams = streams;
        this.writer = Thread.ofPlatform().name("eventserver-group-commit").daemon(true).start(this::run);
    }

    /** Stores the event; returns when the transaction that contains it has committed. */
    RecordedEvent append(Stream stream, EventAppended event) {
        if (!running) {
            throw new IllegalStateException("the event store is closed");
        }
        Pending pending = new Pending(stream, event, new CompletableFuture<>());
        queue.add(pending);
        try {
            // bounded, so that a writer that cannot make progress turns into 503s (in doubt), never a hang
            return pending.result().orTimeout(WAIT_LIMIT_SECONDS, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new StoreUnavailable("no commit within " + WAIT_LIMIT_SECONDS + " s", e.getCause());
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        Map<Pending, Object> outcomes;
        try {
            outcomes = inTransaction(batch);
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1 || batchFailed instanceof StoreUnavailable) {
                // alone, or the database is unreachable: retrying one by one would only fail slower
                batch.forEach(pending -> pending.result().completeExceptionally(batchFailed));
                return;
            }
            outcomes = new HashMap<>();
            for (Pending pending : batch) {
                try {
                    outcomes.putAll(inTransaction(List.of(pending)));
                } catch (RuntimeException failed) {
                    outcomes.put(pending, failed);
                }
            }
        }
        // only now, after the commit: a caller told 200 must find its event stored
        for (Pending pending : batch) {
            Object outcome = outcomes.get(pending);
            if (outcome instanceof RecordedEvent recorded) {
                pending.result().complete(recorded);
            } else {
                pending.result().completeExceptionally((RuntimeException) outcome);
            }
        }
    }

    /**
     * Runs {@link #appendAll} in one transaction on one pooled connection. Plain JDBC transaction control rather than
     * jOOQ's transaction API, which asks the server for the isolation level on every transaction: a round trip on
     * the path every publish waits for.
     */
    private Map<Pending, Object> inTransaction(List<Pending> batch) {
        return Guard.call(() -> dsl.connectionResult(connection -> {
            connection.setAutoCommit(false);
            try {
                Map<Pending, Object> outcomes = appendAll(DSL.using(connection, dsl.dialect(), dsl.settings()), batch);
                connection.commit();
                return outcomes;
            } catch (RuntimeException | java.sql.SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }));
    }

    /** One transaction for the whole batch; returns each append's stored event or its failure. */
    private Map<Pending, Object> appendAll(DSLContext tx, List<Pending> batch) {
        Map<Pending, Object> outcomes = new LinkedHashMap<>();
        List<Pending> appends = claimNewStreams(tx, batch, outcomes);
        if (appends.isEmpty()) {
            return outcomes;
        }
        Map<String, Long> streamIds = streams.ids(tx, appends.stream().map(p -> p.stream().name().value()).toList());

        Map<Key, Integer> counts = new TreeMap<>(Comparator.comparingLong(Key::streamId)
                .thenComparing(Key::eventName));
        for (Pending pending : appends) {
            counts.merge(key(streamIds, pending), 1, Integer::sum);
        }
        // one upsert for every (stream, event name) of the batch, in a fixed order so that row locks are always
        // taken in the same order; last_sequence grows by the number of events the batch adds to it
        var upsert = tx.insertInto(EVENT_SEQUENCES,
                EVENT_SEQUENCES.STREAM_ID, EVENT_SEQUENCES.EVENT_NAME, EVENT_SEQUENCES.LAST_SEQUENCE);
        for (Map.Entry<Key, Integer> count : counts.entrySet()) {
            upsert = upsert.values(count.getKey().streamId(), count.getKey().eventName(), (long) count.getValue());
        }
        Map<Key, long[]> next = new HashMap<>();
        for (Record row : upsert.onConflict(EVENT_SEQUENCES.STREAM_ID, EVENT_SEQUENCES.EVENT_NAME)
                .doUpdate()
                .set(EVENT_SEQUENCES.LAST_SEQUENCE,
                        EVENT_SEQUENCES.LAST_SEQUENCE.plus(DSL.excluded(EVENT_SEQUENCES.LAST_SEQUENCE)))
                .returningResult(EVENT_SEQUENCES.ID, EVENT_SEQUENCES.STREAM_ID, EVENT_SEQUENCES.EVENT_NAME,
                        EVENT_SEQUENCES.LAST_SEQUENCE)
                .fetch()) {
            Key key = new Key(row.get(EVENT_SEQUENCES.STREAM_ID), row.get(EVENT_SEQUENCES.EVENT_NAME));
            long last = row.get(EVENT_SEQUENCES.LAST_SEQUENCE);
            next.put(key, new long[] {row.get(EVENT_SEQUENCES.ID), last - counts.get(key) + 1});
        }

        var insert = tx.insertInto(EVENTS, EVENTS.EVENT_SEQUENCE_ID, EVENTS.SEQUENCE, EVENTS.EVENT_ID, EVENTS.DOCUMENT);
        long[] sequences = new long[appends.size()];
        for (int i = 0; i < appends.size(); i++) {
            Pending pending = appends.get(i);
            long[] position = next.get(key(streamIds, pending));
            sequences[i] = position[1]++;
            insert = insert.values(position[0], sequences[i], pending.event().id().value(),
                    pending.event().draft().document().json());
        }
        OffsetDateTime receivedAt = insert.returningResult(EVENTS.RECEIVED_AT).fetch().getFirst().value1();

        for (int i = 0; i < appends.size(); i++) {
            EventAppended event = appends.get(i).event();
            outcomes.put(appends.get(i), new RecordedEvent(event.id(), event.draft().name(),
                    new Sequence(sequences[i]), receivedAt.toInstant(), event.draft().document()));
        }
        return outcomes;
    }

    /**
     * Creates the streams that appends of this batch claim. The first claimant of a name wins; a later claimant with
     * another producer in the same batch, or a claim of a stream that exists by now, fails with
     * {@link StreamClaimedConcurrently} and stores nothing. Returns the appends that go ahead.
     */
    private static List<Pending> claimNewStreams(DSLContext tx, List<Pending> batch, Map<Pending, Object> outcomes) {
        Map<String, ProducerId> claims = new LinkedHashMap<>();
        for (Pending pending : batch) {
            if (pending.stream().isClaimedNow()) {
                claims.putIfAbsent(pending.stream().name().value(), pending.stream().owner());
            }
        }
        if (claims.isEmpty()) {
            return batch;
        }
        var insert = tx.insertInto(STREAMS, STREAMS.NAME, STREAMS.OWNER);
        for (Map.Entry<String, ProducerId> claim : claims.entrySet()) {
            insert = insert.values(claim.getKey(), claim.getValue().value());
        }
        Set<String> created = new HashSet<>(insert.onConflictDoNothing().returningResult(STREAMS.NAME).fetch()
                .getValues(STREAMS.NAME));
        List<Pending> appends = new ArrayList<>();
        for (Pending pending : batch) {
            String name = pending.stream().name().value();
            boolean lost = pending.stream().isClaimedNow()
                    && (!created.contains(name) || !claims.get(name).equals(pending.stream().owner()));
            if (lost) {
                outcomes.put(pending, new StreamClaimedConcurrently(pending.stream().name()));
            } else {
                appends.add(pending);
            }
        }
        return appends;
    }

    private static Key key(Map<String, Long> streamIds, Pending pending) {
        return new Key(streamIds.get(pending.stream().name().value()), pending.event().draft().name().value());
    }

    /** Stops taking appends, finishes the queued ones, and ends the writer. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

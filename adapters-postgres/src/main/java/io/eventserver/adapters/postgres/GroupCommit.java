package io.eventserver.adapters.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.application.port.out.StreamClaimedConcurrently;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;

/**
 * Group commit: appends that arrive while a transaction is being committed wait in a queue, and the next
 * transaction stores all of them together — usually one statement and one WAL flush for up to {@link #MAX_BATCH}
 * events or {@link #MAX_BATCH_CHARS} characters of documents — instead of one transaction and one flush each
 * (adr/0015, adr/0016).
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
    static final long MAX_BATCH_CHARS = 4L << 20;
    private static final int WAIT_LIMIT_SECONDS = 60;

    /** An append waiting for its batch. Identity, not value, equality: it is a map key on the writer's path. */
    private static final class Pending {
        private final Stream stream;
        private final EventAppended event;
        private final CompletableFuture<RecordedEvent> result = new CompletableFuture<>();

        Pending(Stream stream, EventAppended event) {
            this.stream = stream;
            this.event = event;
        }

        Stream stream() {
            return stream;
        }

        EventAppended event() {
            return event;
        }

        CompletableFuture<RecordedEvent> result() {
            return result;
        }
    }

    private record Key(long streamId, String eventName) {
    }

    /** A counter row the batch numbered its events from, to remember once committed. */
    private record Counter(String stream, String eventName, long id) {
    }

    private static final String CLAIM_STREAMS = """
            insert into streams (name, owner)
            select * from unnest(?::varchar[], ?::varchar[])
            on conflict (name) do nothing
            returning name, id""";

    private static final String APPEND = """
            with counters as (
                insert into event_sequences as q (stream_id, event_name, last_sequence)
                select * from unnest(?::bigint[], ?::varchar[], ?::bigint[])
                on conflict (stream_id, event_name)
                    do update set last_sequence = q.last_sequence + excluded.last_sequence
                returning q.id, q.stream_id, q.event_name, q.last_sequence
            )
            insert into events (event_sequence_id, sequence, event_id, document)
            select c.id, c.last_sequence + e.from_last, e.event_id, e.document
            from unnest(?::bigint[], ?::varchar[], ?::bigint[], ?::uuid[], ?::text[])
                    as e (stream_id, event_name, from_last, event_id, document)
            join counters c on c.stream_id = e.stream_id and c.event_name = e.event_name
            returning event_id, event_sequence_id, sequence, received_at""";

    private final HotStatements sql;
    private final StreamDirectory streams;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final ReadWriteLock accepting = new ReentrantReadWriteLock();
    private volatile boolean running = true;

    GroupCommit(HotStatements sql, StreamDirectory streams) {
        this.sql = sql;
        this.streams = streams;
        this.writer = Thread.ofPlatform().name("eventserver-group-commit").daemon(true).start(this::run);
    }

    /** Stores the event; returns when the transaction that contains it has committed. */
    RecordedEvent append(Stream stream, EventAppended event) {
        Pending pending = new Pending(stream, event);
        // under the read lock, so that close() cannot slip between the check and the add: an append that got in
        // is in the queue before the writer is told to stop, and the writer drains the queue before it ends
        accepting.readLock().lock();
        try {
            if (!running) {
                throw new StoreUnavailable("the event store is closed", null);
            }
            queue.add(pending);
        } finally {
            accepting.readLock().unlock();
        }
        try {
            // bounded, so that a writer that cannot make progress turns into 503s (in doubt), never a hang
            return pending.result().get(WAIT_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new StoreUnavailable("no commit within " + WAIT_LIMIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailable("interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
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
                long documentChars = first.event().draft().document().json().length();
                // bounded by count and by size: a batch is sent as one statement, and a few big documents are
                // as much memory as thousands of small ones
                for (Pending next; batch.size() < MAX_BATCH && documentChars < MAX_BATCH_CHARS
                        && (next = queue.poll()) != null; ) {
                    batch.add(next);
                    documentChars += next.event().draft().document().json().length();
                }
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
            if (batchFailed instanceof StoreUnavailable) {
                // The database is unreachable (or too slow): retrying one by one would only fail slower. The appends
                // queued meanwhile waited for this batch's connection time-out already; they fail with it instead
                // of waiting through another one, so that no request waits longer than db.connection-timeout-ms.
                List<Pending> queued = new ArrayList<>();
                queue.drainTo(queued);
                batch.forEach(pending -> pending.result().completeExceptionally(batchFailed));
                queued.forEach(pending -> pending.result().completeExceptionally(batchFailed));
                return;
            }
            if (batch.size() == 1) {
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
     * Stores the batch in one transaction and returns each append's stored event or its failure. The common case —
     * streams that exist and whose ids are known — is a single auto-committed statement: one round trip and one WAL
     * flush. Claims of new streams (and unknown stream ids) add statements to an explicit transaction, so that a
     * stream is created together with its first event or not at all.
     */
    private Map<Pending, Object> inTransaction(List<Pending> batch) {
        Set<Counter> counters = new HashSet<>();
        Map<Pending, Object> outcomes = sql.onConnection(connection -> {
            Map<String, Long> streamIds = new HashMap<>();
            boolean claiming = batch.stream().anyMatch(pending -> pending.stream().isClaimedNow());
            if (!claiming && streams.cachedIds(names(batch), streamIds)) {
                return appendAll(connection, batch, streamIds, new LinkedHashMap<>(), counters);
            }
            connection.setAutoCommit(false);
            try {
                Map<Pending, Object> stored = new LinkedHashMap<>();
                List<Pending> appends = claimNewStreams(connection, batch, stored, streamIds);
                streams.readIds(connection, names(appends), streamIds);
                appendAll(connection, appends, streamIds, stored, counters);
                connection.commit();
                return stored;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
        // committed now: the counter rows exist for good
        counters.forEach(counter -> streams.sequenceCommitted(counter.stream(), counter.eventName(), counter.id()));
        return outcomes;
    }

    private static List<String> names(List<Pending> batch) {
        return batch.stream().<String>map(pending -> pending.stream().name().value()).distinct().toList();
    }

    /**
     * One statement for the whole batch: it adds to the counter row of every (stream, event name) the number of events
     * the batch has for it — creating the row when it is the first — and inserts the events numbered from the new
     * counter values. The counter rows are locked until the transaction ends, so transactions that number the same
     * (stream, event name) commit one after the other, in sequence order (adr/0007). The statement's text is the
     * same for every batch (arrays, not a list of values), so PostgreSQL plans it once per connection.
     */
    private static Map<Pending, Object> appendAll(Connection connection, List<Pending> appends,
            Map<String, Long> streamIds, Map<Pending, Object> outcomes, Set<Counter> counters) throws SQLException {
        if (appends.isEmpty()) {
            return outcomes;
        }
        // events grouped by (stream id, event name) in a fixed order, so that counter rows are locked in that order
        Map<Key, List<Pending>> groups = new TreeMap<>(Comparator.comparingLong(Key::streamId)
                .thenComparing(Key::eventName));
        for (Pending pending : appends) {
            Key key = new Key(streamIds.get(pending.stream().name().value()), pending.event().draft().name().value());
            groups.computeIfAbsent(key, ignored -> new ArrayList<>()).add(pending);
        }
        int keys = groups.size();
        int events = appends.size();
        Long[] counterStreams = new Long[keys];
        String[] counterNames = new String[keys];
        Long[] counts = new Long[keys];
        Long[] eventStreams = new Long[events];
        String[] eventNames = new String[events];
        Long[] fromLast = new Long[events];
        UUID[] ids = new UUID[events];
        String[] documents = new String[events];
        Map<UUID, Pending> byId = new HashMap<>();
        int k = 0;
        int e = 0;
        for (Map.Entry<Key, List<Pending>> group : groups.entrySet()) {
            List<Pending> members = group.getValue();
            counterStreams[k] = group.getKey().streamId();
            counterNames[k] = group.getKey().eventName();
            counts[k++] = (long) members.size();
            for (int i = 0; i < members.size(); i++, e++) {
                Pending pending = members.get(i);
                eventStreams[e] = group.getKey().streamId();
                eventNames[e] = group.getKey().eventName();
                fromLast[e] = (long) (i - members.size() + 1); // the last one gets the new counter value
                ids[e] = pending.event().id().value();
                documents[e] = pending.event().draft().document().json();
                byId.put(ids[e], pending);
            }
        }
        int stored = 0;
        try (PreparedStatement statement = connection.prepareStatement(APPEND)) {
            statement.setArray(1, connection.createArrayOf("bigint", counterStreams));
            statement.setArray(2, connection.createArrayOf("varchar", counterNames));
            statement.setArray(3, connection.createArrayOf("bigint", counts));
            statement.setArray(4, connection.createArrayOf("bigint", eventStreams));
            statement.setArray(5, connection.createArrayOf("varchar", eventNames));
            statement.setArray(6, connection.createArrayOf("bigint", fromLast));
            statement.setArray(7, connection.createArrayOf("uuid", ids));
            statement.setArray(8, connection.createArrayOf("text", documents));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Pending pending = byId.get(rows.getObject(1, UUID.class));
                    EventAppended event = pending.event();
                    outcomes.put(pending, new RecordedEvent(event.id(), event.draft().name(),
                            new Sequence(rows.getLong(3)), rows.getObject(4, OffsetDateTime.class).toInstant(),
                            event.draft().document()));
                    counters.add(new Counter(pending.stream().name().value(), event.draft().name().value(),
                            rows.getLong(2)));
                    stored++;
                }
            }
        }
        if (stored != events) {
            throw new IllegalStateException("the append statement stored " + stored + " of " + events + " events");
        }
        return outcomes;
    }

    /**
     * Creates the streams that appends of this batch claim, and adds their ids to {@code streamIds}. The first
     * claimant of a name wins; a later claimant with another producer in the same batch, or a claim of a stream that
     * exists by now, fails with {@link StreamClaimedConcurrently} and stores nothing. Returns the appends that go
     * ahead.
     */
    private static List<Pending> claimNewStreams(Connection connection, List<Pending> batch,
            Map<Pending, Object> outcomes, Map<String, Long> streamIds) throws SQLException {
        Map<String, ProducerId> claims = new LinkedHashMap<>();
        for (Pending pending : batch) {
            if (pending.stream().isClaimedNow()) {
                claims.putIfAbsent(pending.stream().name().value(), pending.stream().owner());
            }
        }
        if (claims.isEmpty()) {
            return batch;
        }
        Set<String> created = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(CLAIM_STREAMS)) {
            statement.setArray(1, connection.createArrayOf("varchar", claims.keySet().toArray(String[]::new)));
            statement.setArray(2, connection.createArrayOf("varchar",
                    claims.values().stream().map(ProducerId::value).toArray(String[]::new)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    created.add(rows.getString(1));
                    streamIds.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
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

    /** Stops taking appends, finishes the queued ones, and ends the writer. */
    @Override
    public void close() {
        accepting.writeLock().lock();
        try {
            running = false;
        } finally {
            accepting.writeLock().unlock();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

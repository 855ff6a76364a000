package io.eventserver.adapters.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.eventserver.application.port.out.AppendResult;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.application.port.out.StreamClaimedConcurrently;
import io.eventserver.application.port.out.StreamDeletedConcurrently;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.event.UnexpectedLastSequence;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.TooManyEventNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Events on Kafka (ADR 38): each (stream, event name) is one single-partition topic, so the partition offset + 1 is
 * the gapless sequence, and what a reader sees ends at the high watermark. A batch's records of one event name are
 * handed to the producer under the topic's lock, so no other append of this process comes between them; the
 * idempotent producer ({@code acks=all}, no transactions) keeps them in order and without gaps.
 * <p>
 * Streams, the topic mapping and idempotency keys are PostgreSQL rows; a publish to a known (stream, event name)
 * without a key touches PostgreSQL not at all (both are cached).
 */
final class KafkaEventStore implements EventStore {

    private static final Logger LOG = Logger.getLogger(KafkaEventStore.class.getName());

    private final Sql sql;
    private final Topics topics;
    private final Readers readers;
    private final Producer<byte[], byte[]> producer;
    private final IdempotencyKeyReservations keys;
    private final KafkaAppendSignals signals;
    private final long appendTimeoutMillis;
    private final int maxEventNames;
    private final Map<StreamName, Stream> streams = new ConcurrentHashMap<>();
    /** How often a stream was forgotten: a look-up that began before one does not remember what it found. */
    private final AtomicLong forgotten = new AtomicLong();
    private final RecentPositions recent = new RecentPositions();
    private final RecentEvents recentEvents = new RecentEvents();

    KafkaEventStore(Sql sql, Topics topics, Readers readers, Producer<byte[], byte[]> producer,
                    IdempotencyKeyReservations keys, KafkaAppendSignals signals, KafkaSettings settings,
                    int maxEventNames) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.readers = Objects.requireNonNull(readers, "readers");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.appendTimeoutMillis = settings.appendTimeout().toMillis();
        this.maxEventNames = maxEventNames;
    }

    @Override
    public Optional<Stream> findStream(StreamName name) {
        Stream cached = streams.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        long before = forgotten.get();
        Optional<Stream> found = sql.one(Statements.FIND_STREAM, s -> s.setString(1, name.value()),
                r -> Stream.owned(name, new ProducerId(r.getString(1))));
        // an owner never changes while the stream lives, so a stream once seen is cached until it is deleted (ADR 62)
        if (before == forgotten.get()) {
            found.ifPresent(stream -> streams.put(name, stream));
        }
        return found;
    }

    @Override
    public Optional<Stream> refreshStream(StreamName name) {
        forget(name);
        return findStream(name);
    }

    /** Forgets what this process remembers of a stream that was deleted (ADR 62), here or elsewhere. */
    private void forget(StreamName name) {
        forgotten.incrementAndGet();
        streams.remove(name);
        topics.forget(name);
        signals.forget(name);
        recent.forget(name);
    }

    /** Whether the topic is still its (stream, event name)'s, asked of PostgreSQL (not of what is remembered). */
    private boolean stillStored(Topics.Topic topic) {
        return sql.one(Statements.FIND_TOPIC, s -> {
            s.setString(1, topic.stream().value());
            s.setString(2, topic.name().value());
        }, r -> r.getLong(1)).equals(Optional.of(topic.id()));
    }

    /**
     * The failure of a produce, unless a topic it went to is no longer its stream's — the stream was deleted (and
     * perhaps created anew) on another process (ADR 62): then the stream is forgotten and the append is refused with
     * {@link StreamDeletedConcurrently}, so that the publish looks again.
     */
    private RuntimeException deletedOr(StreamName stream, Collection<Topics.Topic> used, RuntimeException failure) {
        for (Topics.Topic topic : used) {
            if (!stillStored(topic)) {
                forget(stream);
                return new StreamDeletedConcurrently(stream);
            }
        }
        return failure;
    }

    @Override
    public AppendResult append(EventsAppended appended, Optional<Idempotency> idempotency) {
        Stream stream = appended.stream();
        if (!stream.isClaimedNow() && !findStream(stream.name()).map(Stream::owner)
                .equals(Optional.of(stream.owner()))) {
            // deleted since the caller found it, perhaps claimed anew by another producer (ADR 62)
            throw new StreamDeletedConcurrently(stream.name());
        }
        return store(appended, idempotency);
    }

    private AppendResult store(EventsAppended appended, Optional<Idempotency> idempotency) {
        Stream stream = appended.stream();
        List<EventAppended> events = appended.events();
        Set<EventName> names = appended.eventNames();
        if (stream.isClaimedNow()) {
            if (names.size() > maxEventNames) {
                // a new stream has no names yet: refused before it is claimed, so that it is not created
                throw new TooManyEventNames(stream.name(), 0);
            }
            claim(stream);
        }
        // the topics (new names counted against the most) before the key: a refused publish records no key
        Map<EventName, Topics.Topic> targets = topics.ensure(stream.name(), names);
        if (idempotency.isPresent()) {
            IdempotencyKeyReservations.Claim claim = keys.claim(stream, idempotency.get(), appended.ids(),
                    id -> findPosition(stream.name(), id).isPresent());
            if (claim instanceof IdempotencyKeyReservations.Replay(List<EventId> stored)) {
                return new AppendResult.Replayed(stored);
            }
        }
        List<RecordedEvent> recorded;
        try {
            recorded = appended.expectedLast().isPresent()
                    ? produceExpecting(appended, targets)
                    : produce(appended, targets);
        } catch (NothingProduced e) {
            idempotency.ifPresent(key -> keys.release(stream, key));
            throw deletedOr(stream.name(), targets.values(), e.failure);
        } catch (StoreUnavailable unknown) {
            throw deletedOr(stream.name(), targets.values(), unknown);
        }
        idempotency.ifPresent(key -> keys.stored(stream, key));
        recent.remember(stream.name(), recorded);
        rememberEvents(recorded, targets);
        recorded.stream().map(RecordedEvent::name).distinct()
                .forEach(name -> signals.appended(stream.name(), name));
        return new AppendResult.Appended(recorded);
    }

    /**
     * The claim is a row of its own, committed before the first events are produced; it stays when that produce
     * fails (ADR 38: the stream then exists, without events, owned by the producer that was allowed to claim it).
     */
    private void claim(Stream stream) {
        int inserted = sql.update(Statements.CLAIM_STREAM, s -> {
            s.setString(1, stream.name().value());
            s.setString(2, stream.owner().value());
        });
        if (inserted == 0) {
            throw new StreamClaimedConcurrently(stream.name());
        }
        streams.put(stream.name(), Stream.owned(stream.name(), stream.owner()));
    }

    /** The publish failed and Kafka has none of its events for certain. */
    private static final class NothingProduced extends Exception {
        private final RuntimeException failure;

        NothingProduced(RuntimeException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    /**
     * An append with an expected sequence (ADR 64): Kafka has no conditional produce, so the check and the produce
     * are made one step by locks around them. The topic's metadata row, locked in a PostgreSQL transaction held until
     * Kafka acknowledged the records, makes such appends to the topic take turns on every process; inside it,
     * {@link #produce} checks under the topic's monitor, after this process's earlier records were acknowledged,
     * against the topic's end — where {@code acks=all} puts every acknowledged record. An append without expectation
     * from another process takes no lock; one that lands between check and produce is noticed and logged.
     */
    private List<RecordedEvent> produceExpecting(EventsAppended appended, Map<EventName, Topics.Topic> targets)
            throws NothingProduced {
        Topics.Topic topic = targets.get(appended.firstEventName());
        boolean[] producing = {false};
        Produced produced;
        try {
            produced = sql.transaction(session -> {
                session.one(Statements.LOCK_TOPIC, s -> s.setLong(1, topic.id()), r -> r.getLong(1));
                producing[0] = true;
                try {
                    return new Produced(produce(appended, targets), null);
                } catch (NothingProduced nothing) {
                    return new Produced(null, nothing);
                }
            });
        } catch (RuntimeException failure) {
            if (!producing[0]) {
                // the lock was not had: nothing was produced
                throw new NothingProduced(failure);
            }
            throw failure;
        }
        if (produced.nothing() != null) {
            throw produced.nothing();
        }
        long first = produced.recorded().getFirst().sequence().value();
        long expected = appended.expectedLast().orElseThrow().value() + 1;
        if (first != expected) {
            LOG.warning("a publish to " + appended.stream().name() + "/" + topic.name() + " expected sequence "
                    + (expected - 1) + " and was stored at " + first + ": an append without expectation from another"
                    + " process came between check and produce (ADR 64)");
        }
        return produced.recorded();
    }

    private record Produced(List<RecordedEvent> recorded, NothingProduced nothing) {
    }

    private List<RecordedEvent> produce(EventsAppended appended, Map<EventName, Topics.Topic> targets)
            throws NothingProduced {
        List<EventAppended> events = appended.events();
        Map<EventName, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            byName.computeIfAbsent(events.get(i).draft().name(), ignored -> new ArrayList<>()).add(i);
        }
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        for (EventAppended event : events) {
            long createdAt = EventRecords.createdAt(event.id());
            oldest = Math.min(oldest, createdAt);
            newest = Math.max(newest, createdAt);
        }
        if (System.currentTimeMillis() - oldest > appendTimeoutMillis) {
            // the look-up by id scans at most append-timeout past an id's time: an older id could not be found
            throw new NothingProduced(new StoreUnavailable("the publish waited longer than kafka.append-timeout "
                    + "before it reached Kafka; nothing was stored, retry", null));
        }
        @SuppressWarnings("unchecked")
        Future<RecordMetadata>[] sent = new Future[events.size()];
        for (Map.Entry<EventName, List<Integer>> group : byName.entrySet()) {
            Topics.Topic topic = targets.get(group.getKey());
            synchronized (topic) {
                if (appended.expectedLast().isPresent()) {
                    // what this process sent to the topic before is acknowledged, so the end counts it
                    try {
                        producer.flush();
                        appended.requireLast(new Sequence(readers.endOffset(topic.partition())));
                    } catch (RuntimeException refusedOrUnavailable) {
                        throw new NothingProduced(refusedOrUnavailable);
                    }
                }
                long timestamp = Math.max(System.currentTimeMillis(), newest);
                for (int index : group.getValue()) {
                    EventAppended event = events.get(index);
                    sent[index] = send(new ProducerRecord<>(topic.topic(), 0, timestamp,
                            EventRecords.key(event.id()), EventRecords.value(event.draft().document()),
                            EventRecords.headers(event.draft().trace())));
                }
            }
        }
        return collect(events, sent);
    }

    private Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        try {
            return producer.send(record);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    private List<RecordedEvent> collect(List<EventAppended> events, Future<RecordMetadata>[] sent)
            throws NothingProduced {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(appendTimeoutMillis + 5_000);
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        Throwable failure = null;
        boolean unknown = false;
        int stored = 0;
        for (int i = 0; i < sent.length; i++) {
            try {
                RecordMetadata metadata = sent[i].get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                EventAppended event = events.get(i);
                recorded.add(new RecordedEvent(event.id(), event.draft().name(), new Sequence(metadata.offset() + 1),
                        java.time.Instant.ofEpochMilli(metadata.timestamp()), event.draft().document(),
                        event.draft().trace()));
                stored++;
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
                unknown |= e.getCause() instanceof RetriableException;
            } catch (java.util.concurrent.TimeoutException e) {
                failure = failure == null ? e : failure;
                unknown = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
                unknown = true;
            }
        }
        if (failure == null) {
            return recorded;
        }
        StoreUnavailable unavailable = new StoreUnavailable("Kafka did not store the events: " + failure.getMessage(),
                failure);
        if (stored == 0 && !unknown) {
            throw new NothingProduced(unavailable);
        }
        LOG.log(Level.SEVERE, "a publish to " + events.getFirst().stream() + " was stored in part or with an unknown "
                + "outcome (" + stored + " of " + events.size() + " acknowledged): " + failure.getMessage());
        throw unavailable;
    }

    /**
     * The stream's rows go in one transaction under its row lock — the lock every transaction that adds an event name
     * takes, so none adds a topic meanwhile — then its topics are deleted in Kafka (ADR 62). A publish of this
     * process to a cached topic that ends before the topics are deleted is deleted with them; one that comes after
     * fails on the missing topic and claims the name anew.
     */
    @Override
    public boolean deleteStream(StreamName name) {
        List<Topics.Topic> deleted = sql.statementsOnly(session -> {
            if (session.one(Statements.LOCK_STREAM, s -> s.setString(1, name.value()), r -> r.getString(1))
                    .isEmpty()) {
                return null;
            }
            List<Topics.Topic> ofStream = session.query(Statements.ALL_TOPICS_OF_STREAM,
                    s -> s.setString(1, name.value()), r -> new Topics.Topic(r.getLong(1),
                            new StreamName(r.getString(2)), new EventName(r.getString(3)), r.getString(4)));
            // its payload schemas go with it (ADR 62, 66), before the stream row they refer to
            if (session.update(Statements.DELETE_STREAM_SCHEMAS, s -> s.setString(1, name.value())) > 0) {
                session.update(Statements.BUMP_SCHEMA_REVISION, s -> { });
            }
            for (String statement : List.of(Statements.DELETE_STREAM_LEASES, Statements.DELETE_STREAM_CURSORS,
                    Statements.DELETE_STREAM_KEYS, Statements.DELETE_STREAM_FIRST_SEQUENCES,
                    Statements.DELETE_STREAM_RETENTION,
                    Statements.DELETE_STREAM_REDACTIONS, Statements.DELETE_STREAM_TOPICS, Statements.DELETE_STREAM)) {
                session.update(statement, s -> s.setString(1, name.value()));
            }
            return ofStream;
        });
        forget(name);
        if (deleted == null) {
            return false;
        }
        topics.delete(deleted);
        return true;
    }

    /**
     * Kafka cannot rewrite a record (ADR 63): the redacted document is recorded in PostgreSQL, and every read puts it
     * in place of the record's before a reader sees the event. The record's bytes stay in Kafka until the topic's
     * retention removes them or the stream is deleted.
     */
    @Override
    public boolean redact(StreamName stream, EventId id, EventDocument redacted) {
        if (findPosition(stream, id).isEmpty()) {
            return false;
        }
        sql.update(Statements.REDACT, s -> {
            s.setObject(1, id.value());
            s.setString(2, stream.value());
            s.setString(3, redacted.json());
        });
        return true;
    }

    /** The events as readers may see them: those that were redacted with their redacted document (ADR 63). */
    private List<RecordedEvent> redacted(StreamName stream, List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return events;
        }
        Map<UUID, String> documents = new HashMap<>();
        sql.query(Statements.REDACTED, s -> {
            s.setString(1, stream.value());
            s.setArray(2, s.getConnection().createArrayOf("uuid",
                    events.stream().map(event -> event.id().value()).toArray()));
        }, r -> documents.put(r.getObject(1, UUID.class), r.getString(2)));
        if (documents.isEmpty()) {
            return events;
        }
        return events.stream().map(event -> {
            String document = documents.get(event.id().value());
            return document == null ? event : new RecordedEvent(event.id(), event.name(), event.sequence(),
                    event.receivedAt(), new EventDocument(document));
        }).toList();
    }

    /** A page's look at PostgreSQL: its topic's first stored sequence, and whether its stream has redacted events. */
    private record PageCheck(long first, boolean redactions) {
    }

    /**
     * {@link #firstStored} and whether {@link #redacted} has anything to look up, for one page in one statement;
     * empty when the topic is no longer its stream's.
     */
    private Optional<PageCheck> pageCheck(Topics.Topic topic) {
        Optional<Object[]> row = sql.one(Statements.PAGE_CHECK, s -> {
            s.setString(1, topic.stream().value());
            s.setString(2, topic.name().value());
        }, r -> new Object[] {r.getLong(1), r.getLong(2), r.getBoolean(3)});
        return row.filter(found -> (long) found[0] == topic.id())
                .map(found -> new PageCheck((long) found[1], (boolean) found[2]));
    }

    /**
     * Found by id, unless retention removed it (ADR 60): an event below the first sequence its topic's removal
     * accounted is removed for every reader, also while Kafka still has the record or this process remembers it.
     */
    @Override
    public Optional<EventPosition> findPosition(StreamName stream, EventId id) {
        Optional<EventPosition> known = recent.find(stream, id);
        if (known.isEmpty()) {
            known = find(stream, id).map(found -> new EventPosition(found.name(), found.event().sequence()));
        }
        return known.filter(position -> stored(stream, position.name(), position.sequence()));
    }

    @Override
    public Optional<RecordedEvent> findEvent(StreamName stream, EventId id) {
        return find(stream, id).map(Located::event)
                .filter(event -> stored(stream, event.name(), event.sequence()))
                .map(event -> redacted(stream, List.of(event)).getFirst());
    }

    /** Whether retention left this event: at or above the first sequence its topic's removal accounted. */
    private boolean stored(StreamName stream, EventName name, Sequence sequence) {
        return topics.find(stream, name).flatMap(this::firstStored)
                .map(first -> sequence.value() >= first).orElse(false);
    }

    /**
     * The first sequence retention accounted of the topic (1 when none); empty when the topic is no longer its
     * stream's (deleted on another process, ADR 62).
     */
    private Optional<Long> firstStored(Topics.Topic topic) {
        Optional<long[]> row = sql.one(Statements.FIND_TOPIC_FIRST, s -> {
            s.setString(1, topic.stream().value());
            s.setString(2, topic.name().value());
        }, r -> new long[] {r.getLong(1), r.getLong(2)});
        return row.filter(found -> found[0] == topic.id()).map(found -> found[1]);
    }

    private record Located(EventName name, RecordedEvent event) {
    }

    /**
     * Looks the id up by time (ADR 38): a record is produced no earlier than its id was made and at most
     * append-timeout later, so Kafka's time index gives where to start and the scan stops past that window.
     */
    private Optional<Located> find(StreamName stream, EventId id) {
        Map<TopicPartition, EventName> names = new LinkedHashMap<>();
        for (Topics.Topic topic : topics.ofStream(stream)) {
            names.put(topic.partition(), topic.name());
        }
        long createdAt = EventRecords.createdAt(id);
        return readers.find(names.keySet(), EventRecords.key(id), createdAt, createdAt + 2 * appendTimeoutMillis)
                .map(found -> {
                    EventName name = names.get(found.partition());
                    return new Located(name, EventRecords.event(found.record(), name));
                });
    }

    @Override
    public Optional<Sequence> lastSequence(StreamName stream, EventName name) {
        return topics.find(stream, name).map(topic -> orGone(topic, () -> readers.endOffset(topic.partition()), 0L))
                .filter(end -> end > 0).map(Sequence::new);
    }

    /**
     * What {@code read} of a topic gives; when it fails because the topic is no longer its stream's — the stream was
     * deleted on another process (ADR 62) — the stream is forgotten and the answer is {@code gone}.
     */
    private <T> T orGone(Topics.Topic topic, Supplier<T> read, T gone) {
        try {
            return read.get();
        } catch (RuntimeException failed) {
            if (!stillStored(topic)) {
                forget(topic.stream());
                return gone;
            }
            throw failed;
        }
    }

    @Override
    public List<RecordedEvent> readAfter(StreamName stream, EventName name, Sequence after, int limit) {
        Optional<Topics.Topic> topic = topics.find(stream, name);
        if (topic.isEmpty()) {
            signals.watchMissing(stream, name);
            return List.of();
        }
        // redactions are not in memory: every page, from memory or from Kafka, is filtered (ADR 63)
        return current(topic.get(), after, limit);
    }

    /**
     * The events of the topic after {@code after}, at most {@code limit}, as Kafka has them — without the look at
     * the topic's row and the redactions that {@link #readAfter} makes in PostgreSQL, so that the lease store can
     * read event ids while it holds a metadata connection (ADR 57) without asking the pool for another.
     */
    List<RecordedEvent> recorded(Topics.Topic topic, Sequence after, int limit) {
        StreamName stream = topic.stream();
        EventName name = topic.name();
        List<RecordedEvent> known = recentEvents.after(topic.topic(), after.value(), limit);
        if (!known.isEmpty()) {
            // the next events are durable and in memory: no round trip to Kafka (a short page is a page: the
            // reader's next read goes to Kafka from where this one ends)
            recent.remember(stream, known);
            return known;
        }
        TopicPartition partition = topic.partition();
        long end = orGone(topic, () -> readers.endOffset(partition), -1L);
        if (end < 0) {
            return List.of();
        }
        // what one fetch brings anyway, for this reader's next pages (and any other reader that follows it)
        List<ConsumerRecord<byte[], byte[]>> records = orGone(topic,
                () -> readers.read(partition, after.value(), end, Math.max(limit, Readers.PREFETCH)), List.of());
        if (records.size() < limit) {
            // a reader at the end may wait for more: watch the topic for appends from other processes
            signals.watch(stream, name, partition, end);
        }
        List<RecordedEvent> fetched = records.stream().map(record -> EventRecords.event(record, name)).toList();
        recentEvents.remember(topic.topic(), fetched);
        List<RecordedEvent> events = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
        recent.remember(stream, events);
        return events;
    }

    /**
     * A page of a remembered topic as readers may see it: nothing when the topic is no longer its stream's — the
     * stream was deleted on another process and Kafka may not have removed the topic yet, or this process answers
     * from memory (ADR 62); then the stream is forgotten — else with the redactions applied (ADR 63). One look-up of
     * the topic's row per page with events.
     */
    private List<RecordedEvent> current(Topics.Topic topic, Sequence after, int limit) {
        Sequence from = after;
        while (true) {
            List<RecordedEvent> page = recorded(topic, from, limit);
            if (page.isEmpty()) {
                return page;
            }
            Optional<PageCheck> check = pageCheck(topic);
            if (check.isEmpty()) {
                forget(topic.stream());
                return List.of();
            }
            // retention (ADR 60): nothing below the first sequence the removal accounted is handed out — Kafka may
            // still have it (its deleteRecords follows the commit) and so may this process's memory, or another's
            long expected = Math.max(from.value(), check.get().first() - 1) + 1;
            long got = page.getFirst().sequence().value();
            if (got < expected) {
                from = new Sequence(expected - 1);
                continue;
            }
            if (got > expected) {
                // Kafka removed events on its own (retention.ms) that no step accounted yet: skipping them would
                // lose them uncounted for the reader's consumer; the next removal step accounts them (ADR 60)
                throw new StoreUnavailable("events " + expected + ".." + (got - 1) + " of " + topic.topic()
                        + " were removed by Kafka and are not accounted by retention yet; retry", null);
            }
            return check.get().redactions() ? redacted(topic.stream(), page) : page;
        }
    }

    /** The events a publish stored, each under its topic, for the readers that come for them next. */
    private void rememberEvents(List<RecordedEvent> recorded, Map<EventName, Topics.Topic> targets) {
        if (targets.size() == 1) {
            recentEvents.remember(targets.values().iterator().next().topic(), recorded);
            return;
        }
        Map<EventName, List<RecordedEvent>> byName = new LinkedHashMap<>();
        for (RecordedEvent event : recorded) {
            byName.computeIfAbsent(event.name(), ignored -> new ArrayList<>()).add(event);
        }
        byName.forEach((name, events) -> recentEvents.remember(targets.get(name).topic(), events));
    }
}

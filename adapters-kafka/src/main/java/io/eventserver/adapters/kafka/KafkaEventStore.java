package io.eventserver.adapters.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.eventserver.application.port.out.AppendResult;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.application.port.out.StreamClaimedConcurrently;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
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
        Optional<Stream> found = sql.one(Statements.FIND_STREAM, s -> s.setString(1, name.value()),
                r -> Stream.owned(name, new ProducerId(r.getString(1))));
        // an owner never changes, so a stream once seen is cached for good
        found.ifPresent(stream -> streams.put(name, stream));
        return found;
    }

    @Override
    public AppendResult append(EventsAppended appended, Optional<Idempotency> idempotency) {
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
            recorded = produce(stream, events, targets);
        } catch (NothingProduced e) {
            idempotency.ifPresent(key -> keys.release(stream, key));
            throw e.failure;
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

    private List<RecordedEvent> produce(Stream stream, List<EventAppended> events,
                                        Map<EventName, Topics.Topic> targets) throws NothingProduced {
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
                long timestamp = Math.max(System.currentTimeMillis(), newest);
                for (int index : group.getValue()) {
                    EventAppended event = events.get(index);
                    sent[index] = send(new ProducerRecord<>(topic.topic(), 0, timestamp,
                            EventRecords.key(event.id()), EventRecords.value(event.draft().document())));
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
                        java.time.Instant.ofEpochMilli(metadata.timestamp()), event.draft().document()));
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

    @Override
    public Optional<EventPosition> findPosition(StreamName stream, EventId id) {
        Optional<EventPosition> known = recent.find(stream, id);
        if (known.isPresent()) {
            return known;
        }
        return find(stream, id).map(found -> new EventPosition(found.name(), found.event().sequence()));
    }

    @Override
    public Optional<RecordedEvent> findEvent(StreamName stream, EventId id) {
        return find(stream, id).map(Located::event);
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
        return topics.find(stream, name).map(topic -> readers.endOffset(topic.partition()))
                .filter(end -> end > 0).map(Sequence::new);
    }

    @Override
    public List<RecordedEvent> readAfter(StreamName stream, EventName name, Sequence after, int limit) {
        Optional<Topics.Topic> topic = topics.find(stream, name);
        if (topic.isEmpty()) {
            signals.watchMissing(stream, name);
            return List.of();
        }
        List<RecordedEvent> known = recentEvents.after(topic.get().topic(), after.value(), limit);
        if (!known.isEmpty()) {
            // the next events are durable and in memory: no round trip to Kafka (a short page is a page: the
            // reader's next read goes to Kafka from where this one ends)
            recent.remember(stream, known);
            return known;
        }
        TopicPartition partition = topic.get().partition();
        long end = readers.endOffset(partition);
        // what one fetch brings anyway, for this reader's next pages (and any other reader that follows it)
        List<ConsumerRecord<byte[], byte[]>> records = readers.read(partition, after.value(), end,
                Math.max(limit, Readers.PREFETCH));
        if (records.size() < limit) {
            // a reader at the end may wait for more: watch the topic for appends from other processes
            signals.watch(stream, name, partition, end);
        }
        List<RecordedEvent> fetched = records.stream().map(record -> EventRecords.event(record, name)).toList();
        recentEvents.remember(topic.get().topic(), fetched);
        List<RecordedEvent> events = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
        recent.remember(stream, events);
        return events;
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

package io.eventserver.adapters.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.eventserver.application.TestEvents;
import io.eventserver.application.port.out.CursorStoreContractTest;
import io.eventserver.application.port.out.EventStoreContractTest;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.LeaseStoreContractTest;
import io.eventserver.application.port.out.RetentionStoreContractTest;
import io.eventserver.application.port.out.SchemaStoreContractTest;
import io.eventserver.application.port.out.StorageEngine;
import io.eventserver.application.port.out.StreamCatalogContractTest;
import io.eventserver.application.port.out.UserStore;
import io.eventserver.application.port.out.memory.InMemoryStorage;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Kafka engine against a real KRaft broker and a real PostgreSQL: the same port contracts the PostgreSQL
 * engine passes, unchanged, and what this engine promises of its topics.
 */
class KafkaStoresTest {

    private static HikariDataSource metadata;
    private static KafkaStorage storage;
    /** A second engine on the same broker and metadata: another node, with its own caches. */
    private static KafkaStorage otherNode;

    @BeforeAll
    static void open() {
        metadata = MetadataDatabase.create();
        // id owners are the PostgreSQL engine's (ADR 38), not this adapter's: the in-memory ones stand in, shared
        // by both nodes as they share that table; leased reads and acknowledgements claim consumer ids
        IdOwnership owners = new InMemoryStorage().idOwnership();
        storage = KafkaStorage.open(KafkaSettings.local(TestBroker.bootstrapServers()),
                EventStoreContractTest.MAX_EVENT_NAMES, metadata, KeyedLoad.unused(UserStore.class), owners);
        otherNode = KafkaStorage.open(KafkaSettings.local(TestBroker.bootstrapServers()),
                EventStoreContractTest.MAX_EVENT_NAMES, metadata, KeyedLoad.unused(UserStore.class), owners);
    }

    @AfterAll
    static void close() {
        otherNode.close();
        storage.close();
        metadata.close();
    }

    @Test
    void eachStreamAndEventNameIsOneSinglePartitionTopicThatKeepsEverything() throws Exception {
        Stream stream = Stream.claim(TestEvents.uniqueStream(), TestEvents.producer("owner-1"));
        RecordedEvent first = storage.eventStore().append(stream, stream.append(stream.owner(),
                TestEvents.draft("Created")));
        assertEquals(new Sequence(1), first.sequence());

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
            String name = topicOf(stream, "Created");
            TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
            assertEquals(1, description.partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals("delete", config.get("cleanup.policy").value());
            assertEquals("-1", config.get("retention.ms").value());
            assertEquals("-1", config.get("retention.bytes").value());
            assertEquals("false", config.get("unclean.leader.election.enable").value());
            assertEquals("CreateTime", config.get("message.timestamp.type").value());
        }
    }

    @Test
    void producerSettingsTheGuaranteesRestOnCannotBeOverridden() {
        for (String fixed : List.of("acks", "enable.idempotence", "transactional.id")) {
            KafkaSettings settings = new KafkaSettings(TestBroker.bootstrapServers(), (short) 1, 1, "x.",
                    java.time.Duration.ofSeconds(30), Map.of(), Map.of(fixed, "0"));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> KafkaStorage.producerConfig(settings));
            assertTrue(refused.getMessage().contains("kafka.producer." + fixed), refused.getMessage());
        }
        assertEquals("all", KafkaStorage.producerConfig(KafkaSettings.local("x:1")).get("acks"));
    }

    @Test
    void anUnknownEventNameHasNoTopicAndNoLastSequence() {
        Stream stream = Stream.claim(TestEvents.uniqueStream(), TestEvents.producer("owner-1"));
        storage.eventStore().append(stream, stream.append(stream.owner(), TestEvents.draft("Created")));

        assertTrue(storage.eventStore().lastSequence(stream.name(), new EventName("Never")).isEmpty());
    }

    /** Issue 25 (ADR 62): deleting a stream deletes its topics in Kafka, not only its rows. */
    @Test
    void aDeletedStreamsTopicsAreDeletedInKafka() throws Exception {
        Stream stream = Stream.claim(TestEvents.uniqueStream(), TestEvents.producer("owner-1"));
        storage.eventStore().append(stream, stream.append(stream.owner(), TestEvents.draft("Created")));
        String topic = topicOf(stream, "Created");

        assertTrue(storage.eventStore().deleteStream(stream.name()));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
            io.eventserver.application.Eventually.within(io.eventserver.application.Eventually.GENEROUS,
                    () -> admin.listTopics().names().get(), names -> !names.contains(topic));
        }
    }

    /**
     * Issue 25 (ADR 63): Kafka keeps a redacted record's bytes until its retention removes them, but no read hands
     * them out — on any node.
     */
    @Test
    void aRedactedRecordKeepsItsBytesInKafkaButNoReaderSeesThem() throws Exception {
        Stream stream = Stream.claim(TestEvents.uniqueStream(), TestEvents.producer("owner-1"));
        RecordedEvent secret = storage.eventStore().append(stream, stream.append(stream.owner(),
                TestEvents.draft("Created", "{\"card\":\"4111\"}")));
        otherNode.eventStore().readAfter(stream.name(), new EventName("Created"), Sequence.ZERO, 10);

        assertTrue(storage.eventStore().redact(stream.name(), secret.id(),
                io.eventserver.domain.event.Redaction.of(secret.name(), secret.document())));

        for (KafkaStorage node : List.of(storage, otherNode)) {
            RecordedEvent read = node.eventStore().readAfter(stream.name(), new EventName("Created"), Sequence.ZERO, 10)
                    .getFirst();
            assertTrue(read.redacted());
            assertTrue(node.eventStore().findEvent(stream.name(), secret.id()).orElseThrow().redacted());
        }
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of(
                "bootstrap.servers", TestBroker.bootstrapServers(),
                "key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName(),
                "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName()))) {
            var partition = new org.apache.kafka.common.TopicPartition(topicOf(stream, "Created"), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            var records = consumer.poll(java.time.Duration.ofSeconds(30)).records(partition);
            assertTrue(new String(records.getFirst().value(), java.nio.charset.StandardCharsets.UTF_8).contains("4111"),
                    "the bytes stay until the topic's retention removes them (README, engine table)");
        }
    }

    @Test
    void aReaderPagingThroughEventsTwoProcessesInterleavedGetsEachOnceInOrder() {
        // issue 28: this process answers pages from the events it recently stored or read; the events another
        // process stored in between are not in its memory, and a page must end before them, never skip them
        try (KafkaStorage other = KafkaStorage.open(KafkaSettings.local(TestBroker.bootstrapServers()),
                EventStoreContractTest.MAX_EVENT_NAMES, metadata, KeyedLoad.unused(UserStore.class),
                KeyedLoad.unused(IdOwnership.class))) {
            Stream stream = Stream.claim(TestEvents.uniqueStream(), TestEvents.producer("owner-1"));
            storage.eventStore().append(stream, stream.append(stream.owner(), TestEvents.draft("Created")));
            Stream claimed = Stream.owned(stream.name(), stream.owner());
            for (int i = 0; i < 12; i++) {
                KafkaStorage writer = i % 3 == 0 ? other : storage;
                writer.eventStore().append(claimed, claimed.append(claimed.owner(), TestEvents.draft("Created")));
            }
            EventName created = new EventName("Created");
            for (int limit : List.of(1, 2, 5, 100)) {
                List<Long> seen = new java.util.ArrayList<>();
                long after = 0;
                for (int page = 0; page < 100 && seen.size() < 13; page++) {
                    List<RecordedEvent> events = storage.eventStore().readAfter(stream.name(), created,
                            new Sequence(after), limit);
                    assertTrue(events.size() <= limit, "a page of at most " + limit);
                    for (RecordedEvent event : events) {
                        seen.add(event.sequence().value());
                        after = event.sequence().value();
                    }
                }
                assertEquals(java.util.stream.LongStream.rangeClosed(1, 13).boxed().toList(), seen,
                        "pages of " + limit);
            }
        }
    }

    /** Removes until nothing is beyond retention (the defaults unlimited); how many events were removed. */
    private static long removeAll(KafkaStorage node) {
        long removed = 0;
        for (int i = 0; i < 1000; i++) {
            var step = node.retentionStore().removeExpired(io.eventserver.domain.retention.Retention.UNLIMITED, 1000);
            if (step.isEmpty()) {
                return removed;
            }
            removed += step.stream().mapToLong(io.eventserver.application.model.Removal::events).sum();
        }
        throw new AssertionError("removal never ended");
    }

    private static List<Long> sequences(KafkaStorage node, Stream stream, String name) {
        return node.eventStore().readAfter(stream.name(), new EventName(name), Sequence.ZERO, 100).stream()
                .map(event -> event.sequence().value()).toList();
    }

    /**
     * Issue 25 (ADR 60): removed means accounted — another node that stored the events, and still has them in its
     * memory (ADR 69), hands none of them out by page or by id once one node removed them.
     */
    @Test
    void aNodeThatRemembersRemovedEventsHandsNoneOut() {
        Stream stream = Stream.claim(TestEvents.uniqueStream(), TestEvents.producer("owner-1"));
        RecordedEvent oldest = otherNode.eventStore().append(stream, stream.append(stream.owner(),
                TestEvents.draft("Created")));
        Stream claimed = Stream.owned(stream.name(), stream.owner());
        for (int i = 0; i < 4; i++) {
            otherNode.eventStore().append(claimed, claimed.append(claimed.owner(), TestEvents.draft("Created")));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(otherNode, stream, "Created"));
        storage.retentionStore().save(stream.name(), new io.eventserver.domain.retention.Retention(
                java.util.Optional.empty(), java.util.Optional.of(2L)));

        assertEquals(3, removeAll(storage));

        assertEquals(List.of(4L, 5L), sequences(otherNode, stream, "Created"));
        assertEquals(List.of(4L), otherNode.eventStore().readAfter(stream.name(), new EventName("Created"),
                new Sequence(1), 1).stream().map(event -> event.sequence().value()).toList());
        assertTrue(otherNode.eventStore().findPosition(stream.name(), oldest.id()).isEmpty());
        assertTrue(otherNode.eventStore().findEvent(stream.name(), oldest.id()).isEmpty());
    }

    /**
     * Issue 25 (ADR 60): maxAge is also the topic's retention.ms, and an unlimited retention gives the topic back
     * Kafka's unlimited.
     */
    @Test
    void maxAgeIsTheTopicsRetentionMsUntilTheStreamIsUnlimitedAgain() throws Exception {
        Stream stream = Stream.claim(TestEvents.uniqueStream(), TestEvents.producer("owner-1"));
        storage.eventStore().append(stream, stream.append(stream.owner(), TestEvents.draft("Created")));
        String topic = topicOf(stream, "Created");
        storage.retentionStore().save(stream.name(), new io.eventserver.domain.retention.Retention(
                java.util.Optional.of(io.eventserver.domain.retention.MaxAge.parse("P7D")), java.util.Optional.empty()));

        removeAll(storage);
        assertEquals(Long.toString(java.time.Duration.ofDays(7).toMillis()), retentionMs(topic));

        storage.retentionStore().save(stream.name(), io.eventserver.domain.retention.Retention.UNLIMITED);
        removeAll(otherNode);
        assertEquals("-1", retentionMs(topic));
    }

    /**
     * Issue 25 (ADR 60): what Kafka removes on its own (retention.ms; here deleteRecords by hand, which moves the log
     * start the same way) is accounted by the next step — counted for the consumers that had not acknowledged it —
     * and a reader meanwhile is not handed a page that skips it.
     */
    @Test
    void whatKafkaRemovedOnItsOwnIsAccountedByTheNextStep() throws Exception {
        Stream stream = Stream.claim(TestEvents.uniqueStream(), TestEvents.producer("owner-1"));
        storage.eventStore().append(stream, stream.append(stream.owner(), TestEvents.draft("Created")));
        Stream claimed = Stream.owned(stream.name(), stream.owner());
        for (int i = 0; i < 5; i++) {
            storage.eventStore().append(claimed, claimed.append(claimed.owner(), TestEvents.draft("Created")));
        }
        io.eventserver.domain.consumer.ConsumerId consumer =
                new io.eventserver.domain.consumer.ConsumerId("behind-" + java.util.UUID.randomUUID());
        assertTrue(storage.cursorStore().save(io.eventserver.domain.consumer.ConsumerCursor.at(consumer,
                stream.name(), new EventName("Created"), new Sequence(1))));
        // a retention that keeps everything here, so that only Kafka's own removal is beyond it
        storage.retentionStore().save(stream.name(), new io.eventserver.domain.retention.Retention(
                java.util.Optional.empty(), java.util.Optional.of(1000L)));
        var partition = new org.apache.kafka.common.TopicPartition(topicOf(stream, "Created"), 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
            admin.deleteRecords(Map.of(partition, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(4)))
                    .all().get();
        }

        assertThrows(io.eventserver.application.port.out.StoreUnavailable.class,
                () -> otherNode.eventStore().readAfter(stream.name(), new EventName("Created"), new Sequence(1), 10),
                "events 2..4 are gone from Kafka and not accounted: no page skips them");
        assertEquals(4, removeAll(otherNode));

        assertEquals(List.of(5L, 6L), sequences(storage, stream, "Created"));
        var lag = storage.streamCatalog().consumerLags(stream.name(), java.util.Optional.empty(), 100).stream()
                .filter(each -> each.consumer().equals(consumer)).findFirst().orElseThrow();
        assertEquals(3, lag.expiredUnacknowledged(), "2, 3 and 4 were not acknowledged");
        assertEquals(new Sequence(5), lag.firstSequence());
        assertEquals(2, lag.lag());
    }

    private static String retentionMs(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value();
        }
    }

    private static String topicOf(Stream stream, String eventName) throws Exception {
        try (var connection = metadata.getConnection();
             var statement = connection.prepareStatement(
                     "select topic from kafka_topics where stream = ? and event_name = ?")) {
            statement.setString(1, stream.name().value());
            statement.setString(2, eventName);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    @Nested
    class EventStoreContract extends EventStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }

        @Override
        protected StorageEngine otherNode() {
            return otherNode;
        }
    }

    @Nested
    class SchemaStoreContract extends SchemaStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }
    }

    @Nested
    class StreamCatalogContract extends StreamCatalogContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }
    }

    @Nested
    class LeaseStoreContract extends LeaseStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }

        /** The engine opened a second time on the same broker and database: another node, with its own caches. */
        @Override
        protected StorageEngine otherNode() {
            return otherNode;
        }
    }

    @Nested
    class CursorStoreContract extends CursorStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }
    }

    /** Retention mapped to the topics (issue 25, ADR 60), with a second node racing the removal. */
    @Nested
    class RetentionStoreContract extends RetentionStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }

        @Override
        protected StorageEngine otherNode() {
            return otherNode;
        }
    }
}

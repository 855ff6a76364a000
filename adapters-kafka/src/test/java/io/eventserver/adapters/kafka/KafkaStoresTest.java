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

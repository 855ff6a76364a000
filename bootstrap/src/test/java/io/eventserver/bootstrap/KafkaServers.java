package io.eventserver.bootstrap;

import java.util.Map;
import java.util.UUID;

import io.eventserver.adapters.kafka.TestBroker;
import io.eventserver.adapters.postgres.TestDatabases;

/** Storage settings for a server on the Kafka engine: the test broker, a fresh metadata database, own topics. */
final class KafkaServers {

    private KafkaServers() {
    }

    static Map<String, String> storage() {
        return Map.of("storage.kind", "kafka",
                "kafka.bootstrap-servers", TestBroker.bootstrapServers(),
                "kafka.topic-prefix", "e2e-" + UUID.randomUUID().toString().substring(0, 8) + ".",
                "db.url", TestDatabases.create().url());
    }
}

package io.eventserver.bootstrap;

import java.util.Map;

/** The deletion suite of {@link DeletionTest}, unchanged, on two servers started with {@code storage.kind: kafka}. */
class KafkaDeletionTest extends DeletionTest {

    /**
     * A node that remembered a deleted stream's topics learns that they are gone when Kafka gives up on them, after
     * about {@code kafka.append-timeout}: shorter than the tests' 30 s per request.
     */
    @Override
    Map<String, String> storage() {
        Map<String, String> storage = new java.util.HashMap<>(KafkaServers.storage());
        storage.put("kafka.append-timeout", "PT6S");
        return storage;
    }
}

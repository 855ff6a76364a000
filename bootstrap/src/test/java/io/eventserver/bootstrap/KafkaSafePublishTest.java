package io.eventserver.bootstrap;

import java.util.Map;

/** Idempotency keys and batches ({@link SafePublishTest}, unchanged) on {@code storage.kind: kafka}. */
class KafkaSafePublishTest extends SafePublishTest {

    @Override
    Map<String, String> storage() {
        return KafkaServers.storage();
    }
}

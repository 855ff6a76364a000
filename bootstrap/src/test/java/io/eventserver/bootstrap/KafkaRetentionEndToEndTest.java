package io.eventserver.bootstrap;

import java.util.Map;

/**
 * The retention suite of {@link RetentionEndToEndTest}, unchanged, on two servers started with
 * {@code storage.kind: kafka} (issue 25, ADR 60: retention maps to the topics).
 */
class KafkaRetentionEndToEndTest extends RetentionEndToEndTest {

    @Override
    Map<String, String> storage() {
        return KafkaServers.storage();
    }
}

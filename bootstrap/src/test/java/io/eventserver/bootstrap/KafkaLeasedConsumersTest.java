package io.eventserver.bootstrap;

import java.util.Map;

/**
 * The leased-consumer suite of {@link LeasedConsumersTest}, unchanged, on two servers started with
 * {@code storage.kind: kafka} on one broker and one metadata database (ADR 57).
 */
class KafkaLeasedConsumersTest extends LeasedConsumersTest {

    @Override
    Map<String, String> storage() {
        return KafkaServers.storage();
    }
}

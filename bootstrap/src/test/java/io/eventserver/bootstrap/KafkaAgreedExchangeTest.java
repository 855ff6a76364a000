package io.eventserver.bootstrap;

import java.util.Map;

/** Expected sequences and trace context ({@link AgreedExchangeTest}, unchanged) on {@code storage.kind: kafka}. */
class KafkaAgreedExchangeTest extends AgreedExchangeTest {

    @Override
    Map<String, String> storage() {
        return KafkaServers.storage();
    }
}

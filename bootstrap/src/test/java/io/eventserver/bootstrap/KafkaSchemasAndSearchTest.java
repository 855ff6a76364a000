package io.eventserver.bootstrap;

import java.util.Map;

/** {@link SchemasAndSearchTest}, unchanged, on two servers started with {@code storage.kind: kafka}. */
class KafkaSchemasAndSearchTest extends SchemasAndSearchTest {

    @Override
    Map<String, String> storage() {
        return KafkaServers.storage();
    }
}

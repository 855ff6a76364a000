package io.eventserver.bootstrap;

import java.util.Map;

/** The end-to-end suite of {@link EndToEndTest}, unchanged, on a server started with {@code storage.kind: kafka}. */
class KafkaEndToEndTest extends EndToEndTest {

    @Override
    Map<String, String> storage() {
        return KafkaServers.storage();
    }
}

package io.eventserver.bootstrap;

import java.util.Map;

/** The deletion suite of {@link DeletionTest}, unchanged, on two servers started with {@code storage.kind: kafka}. */
class KafkaDeletionTest extends DeletionTest {

    @Override
    Map<String, String> storage() {
        return KafkaServers.storage();
    }

    /** Not yet on this engine (issue 24's next step, ADR 52). */
    @Override
    boolean leases() {
        return false;
    }
}

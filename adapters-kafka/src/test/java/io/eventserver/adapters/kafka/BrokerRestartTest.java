package io.eventserver.adapters.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.UserStore;
import io.eventserver.domain.event.RecordedEvent;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

/**
 * The broker restarts while producers publish and retry (each publish with its own Idempotency-Key, retried with
 * the same key until it is answered): the offsets stay consecutive, every answered event is there exactly once,
 * and no retry stored an event twice.
 */
class BrokerRestartTest {

    @Test
    void aRestartedBrokerLosesNothingAcknowledgedAndLeavesNoGap() throws Exception {
        try (KafkaClusterTestKit cluster = TestBroker.start(1, false);
             HikariDataSource metadata = MetadataDatabase.create()) {
            KafkaSettings settings = new KafkaSettings(cluster.bootstrapServers(), (short) 1, 1, "restart.",
                    Duration.ofSeconds(5), Map.of(), Map.of());
            KafkaStorage storage = KafkaStorage.open(settings, metadata, KeyedLoad.unused(UserStore.class),
                    KeyedLoad.unused(IdOwnership.class));
            try (KeyedLoad load = new KeyedLoad(storage.eventStore(), 4, Duration.ofMinutes(2))) {
                Thread.sleep(1_500);
                int atRestart = load.acknowledged();
                cluster.restartBroker(0, Map.of());
                load.awaitMore(200, Duration.ofSeconds(60));
                load.stop();

                List<RecordedEvent> stored = load.verify();
                System.out.println("KAFKA-BROKER-RESTART events=" + stored.size() + " acknowledged_before_restart="
                        + atRestart + " acknowledged=" + load.acknowledged() + " retries=" + load.retries()
                        + " lost=0 duplicated=0 gaps=0");
            } finally {
                storage.close();
            }
        }
    }
}

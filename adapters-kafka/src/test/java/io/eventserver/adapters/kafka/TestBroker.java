package io.eventserver.adapters.kafka;

import java.time.Duration;

import io.eventserver.application.Eventually;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * A real KRaft broker (combined broker + controller) in the test JVM, from Kafka's own test kit: started once per
 * test run, on first use, and stopped when the run ends ({@link Session}, registered in
 * {@code META-INF/services}: a close in a JVM shutdown hook raced the fork's exit and failed the build now and then).
 * No Docker, nothing downloaded at test time.
 */
public final class TestBroker {

    private static KafkaClusterTestKit cluster;

    private TestBroker() {
    }

    /** {@code host:port} of the broker. */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            cluster = start(1, true);
        }
        return cluster.bootstrapServers();
    }

    /**
     * A cluster of {@code brokers} brokers, each also a controller when {@code combined} (else one controller of its
     * own: the test kit restarts only a broker that is not also a controller); the caller closes it.
     */
    public static KafkaClusterTestKit start(int brokers, boolean combined) {
        // a broker in the test JVM must not end it: Kafka halts its process on a fatal fault (say, while stopping)
        Exit.setExitProcedure((code, message) -> System.out.println("KAFKA-TEST-CLUSTER exit(" + code + ") ignored: "
                + message));
        Exit.setHaltProcedure((code, message) -> System.out.println("KAFKA-TEST-CLUSTER halt(" + code + ") ignored: "
                + message));
        long started = System.nanoTime();
        KafkaClusterTestKit kit = null;
        try {
            kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(combined).setNumBrokerNodes(brokers).setNumControllerNodes(combined ? brokers : 1)
                    .build())
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("num.network.threads", "2")
                    .setConfigProp("num.io.threads", "2")
                    .setConfigProp("num.partitions", "1")
                    .setConfigProp("offsets.topic.replication.factor", Integer.toString(brokers))
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            kit.format();
            kit.startup();
            // the kit's own wait gives up after 15 s; asked again until a deadline a loaded machine meets
            KafkaClusterTestKit starting = kit;
            Eventually.within(Duration.ofMinutes(3), starting::waitForReadyBrokers);
            Runtime runtime = Runtime.getRuntime();
            System.out.println("KAFKA-TEST-CLUSTER brokers=" + brokers + " ready_ms="
                    + (System.nanoTime() - started) / 1_000_000 + " jvm_heap_used_mb="
                    + (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));
            return kit;
        } catch (Exception | AssertionError e) {
            if (kit != null) {
                try {
                    kit.close(); // stops what started and deletes the kit's folders
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new IllegalStateException("the Kafka test broker did not start", e);
        }
    }

    private static synchronized void stop() {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            System.out.println("KAFKA-TEST-CLUSTER close failed: " + e);
        } finally {
            cluster = null;
        }
    }

    /** Stops the shared broker when the test run ends, while the JVM still runs normally. */
    public static final class Session implements LauncherSessionListener {
        @Override
        public void launcherSessionClosed(LauncherSession session) {
            stop();
        }
    }
}

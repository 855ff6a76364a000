package io.eventserver.adapters.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the Kafka engine reaches and uses the cluster (README, "Storage on Kafka"; ADR 38).
 *
 * @param bootstrapServers  {@code host:port,…} of the brokers
 * @param replicationFactor replicas of each new topic
 * @param minInsyncReplicas replicas that must have an event before its publish is answered (topic setting)
 * @param topicPrefix       prefix of the topic names; the rest is the topic's number in {@code kafka_topics}
 * @param appendTimeout     how long a publish waits for Kafka before it is answered 503; also the longest time an
 *                          event id may wait between its creation and its produce (the look-up by id relies on it)
 * @param client            properties for every Kafka client of the engine (producer, readers, admin):
 *                          {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, …
 * @param producer          further producer properties ({@code linger.ms}, {@code compression.type}, …); the ones
 *                          the guarantees rest on ({@code acks}, idempotence, transactions) cannot be overridden
 */
public record KafkaSettings(String bootstrapServers, short replicationFactor, int minInsyncReplicas,
                            String topicPrefix, Duration appendTimeout, Map<String, String> client,
                            Map<String, String> producer) {

    public static final String DEFAULT_TOPIC_PREFIX = "eventserver.";
    public static final Duration DEFAULT_APPEND_TIMEOUT = Duration.ofSeconds(30);

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the bootstrap servers must name at least one broker");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("the replication factor must be at least 1");
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("the minimum in-sync replicas must be between 1 and the replication"
                    + " factor");
        }
        if (!topicPrefix.matches("[a-zA-Z0-9._-]{0,200}")) {
            throw new IllegalArgumentException("a topic prefix may hold at most 200 of [a-zA-Z0-9._-]");
        }
        if (appendTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the append time-out must be at least a millisecond");
        }
        client = Map.copyOf(client);
        producer = Map.copyOf(producer);
    }

    /** One broker, replication 1, the default prefix and a 30-second append time-out. */
    public static KafkaSettings local(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, (short) 1, 1, DEFAULT_TOPIC_PREFIX, DEFAULT_APPEND_TIMEOUT,
                Map.of(), Map.of());
    }
}

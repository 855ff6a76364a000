package io.eventserver.adapters.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.eventserver.application.port.out.AppendSignals;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.application.port.out.RetentionStore;
import io.eventserver.application.port.out.StorageEngine;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.application.port.out.SchemaStore;
import io.eventserver.application.port.out.UserStore;
import io.eventserver.application.port.out.VitalThread;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.flywaydb.core.Flyway;

/**
 * Apache Kafka as the storage engine ({@code storage.kind: kafka}, ADR 38): events in Kafka, one single-partition
 * topic per (stream, event name); streams, the topic mapping, cursors, lease state and idempotency keys in
 * PostgreSQL, on the pool the composition root hands in, beside the users and id owners it hands in too (the
 * PostgreSQL engine's).
 */
public final class KafkaStorage implements StorageEngine {

    /** Producer settings the guarantees rest on (ADR 38); {@code kafka.producer.*} cannot override them. */
    static final Set<String> FIXED = Set.of(ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            ProducerConfig.RETRIES_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);

    private final KafkaSettings settings;
    private final Admin admin;
    private final Producer<byte[], byte[]> producer;
    private final Readers readers;
    private final KafkaAppendSignals signals;
    private final KafkaEventStore events;
    private final KafkaCursorStore cursors;
    private final KafkaLeaseStore leases;
    private final KafkaStreamCatalog catalog;
    private final KafkaRetentionStore retention;
    private final UserStore users;
    private final IdOwnership ids;
    private final SchemaStore schemas;
    private final int migrationsApplied;
    private final Optional<Thread> producerThread;

    private static final String PRODUCER_THREAD = "kafka-producer-network-thread";

    private KafkaStorage(KafkaSettings settings, int maxEventNames, DataSource metadata, UserStore users,
                         IdOwnership ids, int migrationsApplied) {
        this.settings = settings;
        this.users = Objects.requireNonNull(users, "users");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.migrationsApplied = migrationsApplied;
        Sql sql = new Sql(metadata);
        Map<String, Object> producing = producerConfig(settings);
        Map<String, Object> administering = new HashMap<>(settings.client());
        administering.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        administering.put(CommonClientConfigs.CLIENT_ID_CONFIG, "eventserver-admin");
        this.admin = Admin.create(administering);
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        this.producer = new KafkaProducer<>(producing);
        // the producer's sender: every publish goes through it (the client gives no handle on it)
        this.producerThread = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.getName().startsWith(PRODUCER_THREAD))
                .findFirst();
        this.readers = new Readers(settings.bootstrapServers(), settings.client(), settings.appendTimeout());
        Topics topics = new Topics(sql, admin, settings, maxEventNames);
        this.signals = new KafkaAppendSignals(readers, topics);
        this.events = new KafkaEventStore(sql, topics, readers, producer,
                new IdempotencyKeyReservations(sql, settings.appendTimeout()), signals, settings, maxEventNames);
        this.cursors = new KafkaCursorStore(sql, topics);
        this.leases = new KafkaLeaseStore(sql, topics, readers, signals, events);
        this.catalog = new KafkaStreamCatalog(sql, readers, admin, settings);
        this.schemas = new KafkaSchemaStore(sql);
        this.retention = new KafkaRetentionStore(sql, readers, admin, settings);
    }

    /** {@link #open(KafkaSettings, int, DataSource, UserStore, IdOwnership)} with the default most event names. */
    public static KafkaStorage open(KafkaSettings settings, DataSource metadata, UserStore users, IdOwnership ids) {
        return open(settings, EventStore.DEFAULT_MAX_EVENT_NAMES, metadata, users, ids);
    }

    /**
     * Applies this engine's metadata migrations (history table {@code kafka_schema_history}) and connects to Kafka.
     * Kafka need not be up yet: publishes fail with 503 until it is, and readiness says so.
     *
     * @param maxEventNames the most event names (topics) a stream may have ({@code api.max-event-names})
     */
    public static KafkaStorage open(KafkaSettings settings, int maxEventNames, DataSource metadata, UserStore users,
                                    IdOwnership ids) {
        if (maxEventNames < 1) {
            throw new IllegalArgumentException("the most event names of a stream must be at least 1");
        }
        int applied = Flyway.configure().dataSource(metadata).locations("classpath:db/kafka-migration")
                .table("kafka_schema_history").baselineOnMigrate(true).baselineVersion("0")
                .load().migrate().migrationsExecuted;
        return new KafkaStorage(settings, maxEventNames, metadata, users, ids, applied);
    }

    static Map<String, Object> producerConfig(KafkaSettings settings) {
        Map<String, Object> config = new HashMap<>();
        // 0, not Kafka's 5: the sends of concurrent requests batch up while a produce is in flight anyway, and a lone
        // producer measured 415 publishes/s with 1 ms and 2,178/s with 0 (docs/benchmarks.md)
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1024 * 1024));
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "eventserver-producer");
        long timeout = settings.appendTimeout().toMillis();
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout / 2, 30_000)));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout / 2));
        configured(config, "kafka.client.", settings.client());
        configured(config, "kafka.producer.", settings.producer());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    private static void configured(Map<String, Object> config, String prefix, Map<String, String> properties) {
        properties.forEach((key, value) -> {
            if (FIXED.contains(key)) {
                throw new IllegalArgumentException(prefix + key + " is fixed by the engine (ADR 38)");
            }
            config.put(key, value);
        });
    }

    @Override
    public EventStore eventStore() {
        return events;
    }

    @Override
    public CursorStore cursorStore() {
        return cursors;
    }

    /** Lease state in PostgreSQL beside the cursors (ADR 57). */
    @Override
    public LeaseStore leaseStore() {
        return leases;
    }

    /** Retention mapped to the topics (issue 25, ADR 60): deleteRecords and retention.ms, accounted in PostgreSQL. */
    @Override
    public RetentionStore retentionStore() {
        return retention;
    }

    @Override
    public StreamCatalog streamCatalog() {
        return catalog;
    }

    @Override
    public IdOwnership idOwnership() {
        return ids;
    }

    @Override
    public SchemaStore schemaStore() {
        return schemas;
    }

    @Override
    public UserStore userStore() {
        return users;
    }

    @Override
    public AppendSignals appendSignals() {
        return signals;
    }

    @Override
    public List<Probe> readinessProbes() {
        return List.of(new Probe("kafka", this::brokersAnswer));
    }

    private boolean brokersAnswer() {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes()
                    .get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    @Override
    public List<VitalThread> vitalThreads() {
        List<VitalThread> threads = new ArrayList<>();
        threads.add(signals.vitalThread());
        producerThread.ifPresent(thread -> threads.add(VitalThread.of(thread)));
        return threads;
    }

    @Override
    public List<GaugeReading> gauges() {
        return List.of();
    }

    @Override
    public String describe() {
        return "Kafka at " + settings.bootstrapServers() + " (replication factor " + settings.replicationFactor()
                + ", min.insync.replicas " + settings.minInsyncReplicas() + "), metadata in PostgreSQL, "
                + migrationsApplied + " Kafka metadata migration(s) applied";
    }

    /** Waits for the events handed to the producer (a 200 already promised), then closes the clients. */
    @Override
    public void close() {
        signals.close();
        producer.close(Duration.ofMillis(settings.appendTimeout().toMillis()));
        readers.close();
        admin.close(Duration.ofSeconds(5));
    }
}

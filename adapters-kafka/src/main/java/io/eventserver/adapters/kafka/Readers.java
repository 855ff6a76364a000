package io.eventserver.adapters.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.eventserver.application.port.out.StoreUnavailable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads records by offset, without consumer groups: a pool of at most {@link #POOLED} {@link KafkaConsumer}s (they
 * are not thread-safe), each borrowed for one read, assigned the partitions it needs and sought to the offsets; a
 * read that finds all of them busy waits for one (a consumer costs a connection and a metadata fetch to make, so
 * they are made once and kept). What a consumer sees ends at the high watermark: records replicated to every
 * in-sync replica, in offset order.
 */
final class Readers implements AutoCloseable {

    static final int POOLED = 32;

    /**
     * How many records a read fetches at most although its page may be smaller: about what one fetch of
     * {@code max.partition.fetch.bytes} brings of ~500-byte events; the rest serve the next pages from memory
     * (issue 28).
     */
    static final int PREFETCH = 500;

    private final Map<String, Object> config;
    private final Duration timeout;
    private final BlockingQueue<KafkaConsumer<byte[], byte[]>> idle = new ArrayBlockingQueue<>(POOLED);
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean closed;

    Readers(String bootstrapServers, Map<String, String> client, Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        Map<String, Object> config = new HashMap<>(client);
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                // a page is at most api.max-limit events, usually 100, and a read keeps what one fetch brings for
                // the next pages (PREFETCH): fetch and parse about that much, not the default 1 MiB per partition
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(PREFETCH),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(256 * 1024),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout.toMillis(), 30_000))));
        this.config = Map.copyOf(config);
    }

    /** The offset the next record of each partition will get (0 for an empty one). */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        return with(consumer -> {
            // assigned first: Kafka warns for every end offset of a partition the consumer is not assigned
            consumer.assign(partitions);
            return consumer.endOffsets(partitions, timeout);
        });
    }

    long endOffset(TopicPartition partition) {
        return endOffsets(List.of(partition)).getOrDefault(partition, 0L);
    }

    /**
     * The first offset each partition still has (its log start: what {@code deleteRecords} or the topic's
     * {@code retention.ms} removed lies below it) and the offset its next record will get, in one borrow.
     */
    Map<TopicPartition, long[]> bounds(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        return with(consumer -> {
            consumer.assign(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, long[]> bounds = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long end = ends.getOrDefault(partition, 0L);
                bounds.put(partition, new long[] {Math.min(starts.getOrDefault(partition, 0L), end), end});
            }
            return bounds;
        });
    }

    /**
     * The first offset of each partition whose record timestamp is at {@code timestamp} or later (Kafka's time
     * index); absent for a partition whose records are all older.
     */
    Map<TopicPartition, Long> offsetsAtOrAfter(Collection<TopicPartition> partitions, long timestamp) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        return with(consumer -> {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(partition -> times.put(partition, timestamp));
            consumer.assign(partitions);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            consumer.offsetsForTimes(times, timeout).forEach((partition, found) -> {
                if (found != null) {
                    offsets.put(partition, found.offset());
                }
            });
            return offsets;
        });
    }

    /**
     * The records of the partition from {@code from} (inclusive) to {@code until} (exclusive), at most {@code max}.
     * Records retention removed (below the log start) are skipped: the read starts at the first one Kafka still has
     * ({@code auto.offset.reset=none} makes Kafka say so instead of jumping anywhere).
     */
    List<ConsumerRecord<byte[], byte[]>> read(TopicPartition partition, long from, long until, int max) {
        long end = Math.min(until, from + max);
        if (end <= from) {
            return List.of();
        }
        return with(consumer -> {
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>((int) (end - from));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() - deadline > 0) {
                    throw new StoreUnavailable("Kafka did not deliver " + partition + " from " + from + " within "
                            + timeout, null);
                }
                List<ConsumerRecord<byte[], byte[]>> polled;
                try {
                    polled = consumer.poll(Duration.ofMillis(200)).records(partition);
                } catch (OffsetOutOfRangeException removed) {
                    long start = consumer.beginningOffsets(List.of(partition), timeout).getOrDefault(partition, 0L);
                    if (start <= consumer.position(partition)) {
                        throw removed;
                    }
                    consumer.seek(partition, start);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : polled) {
                    if (record.offset() < end) {
                        records.add(record);
                    }
                }
                if (!records.isEmpty() && records.getLast().offset() >= end - 1) {
                    break;
                }
            }
            return records;
        });
    }

    /**
     * The record with this key among the records of the partitions produced at {@code timestamp} or later; records
     * produced after {@code stopAfter} are not looked at (ADR 38: a record is produced at most
     * {@code append-timeout} after its id was made).
     */
    Optional<Found> find(Collection<TopicPartition> partitions, byte[] key, long timestamp, long stopAfter) {
        if (partitions.isEmpty()) {
            return Optional.empty();
        }
        return with(consumer -> {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(partition -> times.put(partition, timestamp));
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            for (Map.Entry<TopicPartition, OffsetAndTimestamp> start : starts.entrySet()) {
                if (start.getValue() == null) {
                    continue;
                }
                TopicPartition partition = start.getKey();
                long end = ends.getOrDefault(partition, 0L);
                consumer.assign(List.of(partition));
                consumer.seek(partition, start.getValue().offset());
                long deadline = System.nanoTime() + timeout.toNanos();
                scan:
                while (consumer.position(partition) < end) {
                    if (System.nanoTime() - deadline > 0) {
                        // not found is an answer (404); a scan Kafka did not finish is not
                        throw new StoreUnavailable("Kafka did not deliver " + partition + " within " + timeout, null);
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))
                            .records(partition)) {
                        if (Arrays.equals(record.key(), key)) {
                            return Optional.of(new Found(partition, record));
                        }
                        if (record.timestamp() > stopAfter || record.offset() >= end - 1) {
                            break scan;
                        }
                    }
                }
            }
            return Optional.empty();
        });
    }

    record Found(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
    }

    private <T> T with(Function<KafkaConsumer<byte[], byte[]>, T> work) {
        if (closed) {
            throw new StoreUnavailable("the Kafka engine is closed", null);
        }
        KafkaConsumer<byte[], byte[]> consumer = borrow();
        boolean healthy = false;
        try {
            T result = work.apply(consumer);
            healthy = true;
            return result;
        } catch (KafkaException e) {
            throw new StoreUnavailable("Kafka read failed: " + e.getMessage(), e);
        } finally {
            if (healthy && !closed) {
                consumer.unsubscribe();
                idle.offer(consumer);
            } else {
                consumer.close(Duration.ZERO);
                created.decrementAndGet();
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> borrow() {
        KafkaConsumer<byte[], byte[]> consumer = idle.poll();
        if (consumer != null) {
            return consumer;
        }
        int number = created.incrementAndGet();
        if (number <= POOLED) {
            Map<String, Object> own = new HashMap<>(config);
            own.put(ConsumerConfig.CLIENT_ID_CONFIG, "eventserver-reader-" + number);
            try {
                return new KafkaConsumer<>(own);
            } catch (KafkaException e) {
                created.decrementAndGet();
                throw new StoreUnavailable("no Kafka consumer: " + e.getMessage(), e);
            }
        }
        created.decrementAndGet();
        try {
            consumer = idle.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailable("interrupted while waiting for a Kafka consumer", e);
        }
        if (consumer == null) {
            throw new StoreUnavailable("every Kafka consumer stayed busy for " + timeout, null);
        }
        return consumer;
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> consumer;
        while ((consumer = idle.poll()) != null) {
            consumer.close(Duration.ZERO);
        }
    }
}

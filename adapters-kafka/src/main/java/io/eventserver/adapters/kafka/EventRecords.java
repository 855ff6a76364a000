package io.eventserver.adapters.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * An event as a Kafka record (ADR 38): the key is the event id's 16 bytes, the value the document exactly as
 * published (UTF-8), the timestamp when it was produced (its {@code received_at}); the sequence is the offset + 1.
 */
final class EventRecords {

    private EventRecords() {
    }

    static byte[] key(EventId id) {
        UUID uuid = id.value();
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
                .array();
    }

    static byte[] value(EventDocument document) {
        return document.json().getBytes(StandardCharsets.UTF_8);
    }

    static RecordedEvent event(ConsumerRecord<byte[], byte[]> record, EventName name) {
        ByteBuffer key = ByteBuffer.wrap(record.key());
        return new RecordedEvent(new EventId(new UUID(key.getLong(), key.getLong())), name,
                new Sequence(record.offset() + 1), Instant.ofEpochMilli(record.timestamp()),
                new EventDocument(new String(record.value(), StandardCharsets.UTF_8)));
    }

    /** The millisecond an id was made at: ids are UUIDv7 (domain {@code EventId.generate}). */
    static long createdAt(EventId id) {
        return id.value().getMostSignificantBits() >>> 16;
    }
}

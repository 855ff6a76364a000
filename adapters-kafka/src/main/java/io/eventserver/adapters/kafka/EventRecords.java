package io.eventserver.adapters.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.event.TraceContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An event as a Kafka record (ADR 38): the key is the event id's 16 bytes, the value the document exactly as
 * published (UTF-8), the timestamp when it was produced (its {@code received_at}); the sequence is the offset + 1.
 * The trace context of its publish, when it had one, travels as the record headers {@code traceparent} and
 * {@code tracestate} (ADR 65), as W3C's Kafka binding names them.
 */
final class EventRecords {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

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

    /** The record headers of a trace context; null (no headers) without one. */
    static Headers headers(Optional<TraceContext> trace) {
        if (trace.isEmpty()) {
            return null;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(TRACEPARENT, trace.get().traceparent().getBytes(StandardCharsets.US_ASCII));
        trace.get().tracestate().ifPresent(state -> headers.add(TRACESTATE, state.getBytes(StandardCharsets.US_ASCII)));
        return headers;
    }

    static RecordedEvent event(ConsumerRecord<byte[], byte[]> record, EventName name) {
        ByteBuffer key = ByteBuffer.wrap(record.key());
        return new RecordedEvent(new EventId(new UUID(key.getLong(), key.getLong())), name,
                new Sequence(record.offset() + 1), Instant.ofEpochMilli(record.timestamp()),
                new EventDocument(new String(record.value(), StandardCharsets.UTF_8)), trace(record.headers()));
    }

    private static Optional<TraceContext> trace(Headers headers) {
        Header traceparent = headers.lastHeader(TRACEPARENT);
        if (traceparent == null) {
            return Optional.empty();
        }
        Header tracestate = headers.lastHeader(TRACESTATE);
        return Optional.of(new TraceContext(new String(traceparent.value(), StandardCharsets.US_ASCII),
                Optional.ofNullable(tracestate).map(state -> new String(state.value(), StandardCharsets.US_ASCII))));
    }

    /** The millisecond an id was made at: ids are UUIDv7 (domain {@code EventId.generate}). */
    static long createdAt(EventId id) {
        return id.value().getMostSignificantBits() >>> 16;
    }
}

package io.eventserver.application.port.out.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.eventserver.application.port.out.AppendSignals;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.consumer.LeaseEntry;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.event.IdempotencyKey;
import io.eventserver.domain.event.KeyedPublish;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;

/**
 * The state of one in-memory engine, shared by its stores. Every operation of every store runs under this object's
 * monitor, so each is atomic and commits the moment it returns: the transactions the contract asks for, without a
 * database. Nothing here outlives the object.
 */
final class Memory {

    /** The order of UTF-8 bytes, which is the order of code points (not of Java's UTF-16 chars). */
    static final Comparator<String> BYTE_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    final Clock clock;
    final int maxEventNames;
    final Map<StreamName, StoredStream> streams = new HashMap<>();
    /** Every stored event by its id, for the look-ups by id. */
    final Map<EventId, Located> events = new HashMap<>();
    final Map<CursorKey, StoredCursor> cursors = new HashMap<>();
    /** The lease entries of each cursor that has some (ADR 52), by sequence. */
    final Map<CursorKey, TreeMap<Sequence, LeaseEntry>> leases = new HashMap<>();
    /** What retention removed that each cursor's consumer had not acknowledged (ADR 60); absent: 0. */
    final Map<CursorKey, Long> expiredUnacknowledged = new HashMap<>();
    final Map<IdKind, TreeMap<String, Owner>> owners = new EnumMap<>(IdKind.class);
    /** Told after the monitor is released, so that a listener may read at once. */
    final List<AppendSignals.Listener> listeners = new CopyOnWriteArrayList<>();

    Memory(Clock clock, int maxEventNames) {
        this.clock = clock;
        this.maxEventNames = maxEventNames;
        for (IdKind kind : IdKind.values()) {
            owners.put(kind, new TreeMap<>());
        }
    }

    /** A stream as stored: its owner, when it was created, its events by name and its idempotency keys. */
    static final class StoredStream {
        final Stream stream;
        final Instant createdAt;
        /** Index i holds the event with sequence i + 1. */
        final Map<EventName, List<RecordedEvent>> byName = new LinkedHashMap<>();
        /** By (producer, key); the producer is the stream's owner, the only one who appends. */
        final Map<KeyScope, KeyedPublish> keys = new HashMap<>();
        /**
         * The lowest stored sequence of each name retention removed from (issue 25); the events below it stay in
         * {@link #byName}, so that indexes keep meaning sequences, but no reader sees them.
         */
        final Map<EventName, Long> firstSequence = new HashMap<>();
        /** The stream's own retention; null: the defaults. */
        io.eventserver.domain.retention.Retention retention;

        StoredStream(StreamName name, ProducerId owner, Instant createdAt) {
            this.stream = Stream.owned(name, owner);
            this.createdAt = createdAt;
        }

        List<RecordedEvent> events(EventName name) {
            return byName.getOrDefault(name, List.of());
        }

        Sequence lastSequence(EventName name) {
            return new Sequence(events(name).size());
        }

        /** The lowest sequence of the name still stored (the next one when all were removed). */
        long first(EventName name) {
            return firstSequence.getOrDefault(name, 1L);
        }
    }

    record KeyScope(ProducerId producer, IdempotencyKey key) {
    }

    record Located(StreamName stream, RecordedEvent event) {
    }

    record CursorKey(StreamName stream, EventName eventName, ConsumerId consumer) {
    }

    /** A cursor: its offset, when that last moved, and the highest sequence ever leased to it (ADR 52). */
    record StoredCursor(Sequence offset, Instant acknowledgedAt, Sequence leasedThrough) {

        /** A cursor of a consumer that never leased. */
        StoredCursor(Sequence offset, Instant acknowledgedAt) {
            this(offset, acknowledgedAt, Sequence.ZERO);
        }

        boolean hasLeases() {
            return leasedThrough.value() > 0;
        }
    }

    /** The schemas, by (stream, event name), then version (ADR 66). */
    final Map<List<String>, SortedMap<EventVersion, String>> schemas = new HashMap<>();
    long schemaRevision;

    record Owner(Login login, Instant since) {
    }
}

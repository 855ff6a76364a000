package io.eventserver.application.service;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.eventserver.application.port.out.JsonDocuments;
import io.eventserver.application.port.out.JsonDocuments.PayloadSchema;
import io.eventserver.application.port.out.SchemaStore;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.schema.PayloadRejected;
import io.eventserver.domain.stream.StreamName;

/**
 * The compiled schemas of event names, cached per (stream, event name) — absent ones too, so that a publish of a
 * name without schemas asks the store nothing (ADR 66). Another node's change is learnt from
 * {@link SchemaStore#revision}, read at most every {@value #REVISION_CHECK_MILLIS} ms: within a second every node
 * validates against the schemas stored.
 */
public final class PayloadSchemas {

    static final long REVISION_CHECK_MILLIS = 250;
    private static final int MAX_CACHED_NAMES = 10_000;

    private final SchemaStore store;
    private final JsonDocuments json;
    private final LongSupplier nanoTime;
    private final Map<Key, Map<EventVersion, PayloadSchema>> cache = new ConcurrentHashMap<>();
    private final Object refresh = new Object();
    private volatile long revision;
    private volatile long revisionCheckedAt;

    public PayloadSchemas(SchemaStore store, JsonDocuments json) {
        this(store, json, System::nanoTime);
    }

    PayloadSchemas(SchemaStore store, JsonDocuments json, LongSupplier nanoTime) {
        this.store = Objects.requireNonNull(store, "store");
        this.json = Objects.requireNonNull(json, "json");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.revision = store.revision();
        this.revisionCheckedAt = nanoTime.getAsLong();
    }

    /**
     * Refuses the publish when one of its events has a name with schemas and its version has none or its payload
     * does not match; events of names without schemas pass as they are.
     *
     * @throws PayloadRejected naming the first event refused
     */
    public void check(StreamName stream, List<EventDraft> events) {
        for (int i = 0; i < events.size(); i++) {
            EventDraft event = events.get(i);
            Map<EventVersion, PayloadSchema> schemas = of(stream, event.name());
            if (schemas.isEmpty()) {
                continue;
            }
            PayloadSchema schema = schemas.get(event.version());
            if (schema == null) {
                throw PayloadRejected.noSchema(i, event.name(), event.version());
            }
            Optional<String> violation = schema.violation(event.document());
            if (violation.isPresent()) {
                throw PayloadRejected.mismatch(i, event.name(), event.version(), violation.get());
            }
        }
    }

    /** Compiles a schema as a publish would use it: refuses what is no valid schema. */
    void compile(String schema) {
        json.compile(schema);
    }

    /** This node changed a schema: it forgets what it cached at once. */
    void changed() {
        synchronized (refresh) {
            cache.clear();
            revision = store.revision();
            revisionCheckedAt = nanoTime.getAsLong();
        }
    }

    private Map<EventVersion, PayloadSchema> of(StreamName stream, EventName name) {
        long seen = current();
        Key key = new Key(stream, name);
        Map<EventVersion, PayloadSchema> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        SortedMap<EventVersion, String> stored = store.all(stream, name);
        Map<EventVersion, PayloadSchema> compiled = new TreeMap<>();
        stored.forEach((version, schema) -> compiled.put(version, json.compile(schema)));
        Map<EventVersion, PayloadSchema> loaded = compiled.isEmpty() ? Map.of() : Map.copyOf(compiled);
        synchronized (refresh) {
            // what was loaded while a change was learnt may be older than the change: use it, but keep it not
            if (seen == revision) {
                if (cache.size() >= MAX_CACHED_NAMES) {
                    cache.clear();
                }
                cache.put(key, loaded);
            }
        }
        return loaded;
    }

    private long current() {
        long now = nanoTime.getAsLong();
        if (now - revisionCheckedAt >= REVISION_CHECK_MILLIS * 1_000_000) {
            synchronized (refresh) {
                if (now - revisionCheckedAt >= REVISION_CHECK_MILLIS * 1_000_000) {
                    long stored = store.revision();
                    if (stored != revision) {
                        cache.clear();
                        revision = stored;
                    }
                    revisionCheckedAt = now;
                }
            }
        }
        return revision;
    }

    private record Key(StreamName stream, EventName name) {
    }
}

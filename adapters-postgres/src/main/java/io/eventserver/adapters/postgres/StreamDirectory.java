package io.eventserver.adapters.postgres;

import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.jooq.DSLContext;

/**
 * Stream names to ids and owners, cached: a stream's id and owner never change and streams are never deleted, so
 * a cached entry can never be wrong. Only committed streams are cached (misses are not), and the cache is emptied
 * when it exceeds {@link #LIMIT} entries, so memory stays bounded.
 */
final class StreamDirectory {

    static final int LIMIT = 100_000;

    private record Entry(long id, ProducerId owner) {
    }

    private final DSLContext dsl;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    StreamDirectory(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<Stream> find(StreamName name) {
        Entry cached = cache.get(name.value());
        if (cached != null) {
            return Optional.of(Stream.owned(name, cached.owner()));
        }
        return Guard.call(() -> dsl.select(STREAMS.ID, STREAMS.OWNER)
                .from(STREAMS)
                .where(STREAMS.NAME.eq(name.value()))
                .fetchOptional(row -> {
                    put(name.value(), new Entry(row.value1(), new ProducerId(row.value2())));
                    return Stream.owned(name, new ProducerId(row.value2()));
                }));
    }

    /** Ids of these streams, read inside the caller's transaction for names not cached (new ones included). */
    Map<String, Long> ids(DSLContext tx, List<String> names) {
        Map<String, Long> ids = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            Entry cached = cache.get(name);
            if (cached != null) {
                ids.put(name, cached.id());
            } else if (!ids.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            tx.select(STREAMS.NAME, STREAMS.ID).from(STREAMS).where(STREAMS.NAME.in(missing))
                    .forEach(row -> ids.put(row.value1(), row.value2()));
        }
        return ids;
    }

    private void put(String name, Entry entry) {
        if (cache.size() >= LIMIT) {
            cache.clear();
        }
        cache.put(name, entry);
    }
}

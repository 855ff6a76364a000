package io.eventserver.bootstrap;

import java.util.List;
import java.util.function.ToIntFunction;

import io.eventserver.adapters.postgres.PostgresPersistence;
import io.eventserver.adapters.postgres.PostgresPersistence.PoolUsage;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * Database pool usage as gauges: {@code eventserver_db_pool_connections{state="active|idle|max"}} and
 * {@code eventserver_db_pool_waiting_requests}. Alert when active stays at max and requests wait.
 */
final class PoolGauges {

    private PoolGauges() {
    }

    /** @return the gauges, to be removed from the registry when the server stops */
    static List<Meter> register(MeterRegistry metrics, PostgresPersistence persistence) {
        return List.of(
                connections(metrics, persistence, "active", PoolUsage::active),
                connections(metrics, persistence, "idle", PoolUsage::idle),
                connections(metrics, persistence, "max", PoolUsage::max),
                metrics.getOrCreate(Gauge.builder("eventserver.db.pool.waiting.requests",
                                () -> persistence.poolUsage().waiting())
                        .description("Requests waiting for a database connection")));
    }

    private static Meter connections(MeterRegistry metrics, PostgresPersistence persistence, String state,
                                     ToIntFunction<PoolUsage> value) {
        return metrics.getOrCreate(Gauge.builder("eventserver.db.pool.connections",
                        () -> value.applyAsInt(persistence.poolUsage()))
                .description("Database connections by state")
                .tags(List.of(Tag.create("state", state))));
    }
}

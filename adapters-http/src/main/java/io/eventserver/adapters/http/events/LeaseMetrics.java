package io.eventserver.adapters.http.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.eventserver.application.port.in.LeaseEventsUseCase;
import io.eventserver.domain.stream.StreamName;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * Counters of leased reads per stream, on this process (ADR 52): {@code eventserver_leases_total} (events leased),
 * {@code eventserver_redeliveries_total} (of those, leased more than once), {@code eventserver_nacks_total} (events
 * given back) and {@code eventserver_dead_letters_total} (events dead-lettered by a read).
 */
public final class LeaseMetrics {

    private enum Kind {
        LEASES("eventserver.leases", "Events leased to consumers, per stream"),
        REDELIVERIES("eventserver.redeliveries", "Events leased again (deliveries > 1), per stream"),
        NACKS("eventserver.nacks", "Events given back with NACK, per stream"),
        DEAD_LETTERS("eventserver.dead.letters", "Events dead-lettered after the most deliveries, per stream");

        final String name;
        final String description;

        Kind(String name, String description) {
            this.name = name;
            this.description = description;
        }
    }

    private record Key(Kind kind, String stream) {
    }

    private final MeterRegistry metrics;
    /** Looked up once per (kind, stream), not built through the registry on every request. */
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    public LeaseMetrics(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** A leased page was answered. */
    public void leased(StreamName stream, LeaseEventsUseCase.LeasedPage page) {
        if (!page.events().isEmpty()) {
            count(Kind.LEASES, stream, page.events().size());
            long again = page.events().stream().filter(leased -> leased.deliveries() > 1).count();
            count(Kind.REDELIVERIES, stream, again);
        }
        count(Kind.DEAD_LETTERS, stream, page.deadLettered());
    }

    /** Events were given back. */
    public void released(StreamName stream, int events) {
        count(Kind.NACKS, stream, events);
    }

    private void count(Kind kind, StreamName stream, long amount) {
        if (amount <= 0) {
            return;
        }
        counters.computeIfAbsent(new Key(kind, stream.value()), key -> metrics.getOrCreate(
                        Counter.builder(kind.name).description(kind.description)
                                .tags(List.of(Tag.create("stream", key.stream())))))
                .increment(amount);
    }
}

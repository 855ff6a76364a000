package io.eventserver.bootstrap;

import java.util.List;
import java.util.Map;

import io.eventserver.application.port.out.StorageEngine;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/** The storage engine's gauges in Helidon's registry. */
final class StorageGauges {

    private StorageGauges() {
    }

    /** @return the gauges, to be removed from the registry when the server stops */
    static List<Meter> register(MeterRegistry metrics, StorageEngine storage) {
        return storage.gauges().stream()
                .<Meter>map(gauge -> metrics.getOrCreate(Gauge.builder(gauge.name(), gauge.value()::getAsDouble)
                        .description(gauge.description())
                        .tags(tags(gauge.labels()))))
                .toList();
    }

    private static List<Tag> tags(Map<String, String> labels) {
        return labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(label -> Tag.create(label.getKey(), label.getValue()))
                .toList();
    }
}

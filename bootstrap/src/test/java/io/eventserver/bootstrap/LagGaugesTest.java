package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.port.in.InspectStreamsUseCase;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.Test;

/** The lag gauges export the largest lags only, and drop the series of cursors that fell out of the top. */
class LagGaugesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void seriesOfCursorsThatFellOutOfTheTopAreRemoved() {
        List<ConsumerLag> largest = new ArrayList<>(List.of(lag("a", 10), lag("b", 5)));
        MeterRegistry metrics = Metrics.globalRegistry();
        LagGauges gauges = new LagGauges(inspect(largest), metrics, Clock.fixed(NOW, ZoneOffset.UTC), 2);
        try {
            gauges.refresh();
            assertEquals(List.of("a", "b"), consumersWithSeries(metrics));
            assertEquals(10.0, value(metrics, "a", "eventserver.consumer.lag.events"));
            assertEquals(30.0, value(metrics, "a", "eventserver.consumer.lag.seconds"));

            largest.clear();
            largest.add(lag("c", 7));
            gauges.refresh();

            assertEquals(List.of("c"), consumersWithSeries(metrics), "a and b are gone, not frozen at their value");
        } finally {
            gauges.close();
        }
        assertTrue(consumersWithSeries(metrics).isEmpty(), "close removes every series");
    }

    private static ConsumerLag lag(String consumer, long behind) {
        return new ConsumerLag(new StreamName("lag-gauges-test"), new ConsumerId(consumer), new EventName("Tick"),
                new Sequence(0), NOW.minusSeconds(60), new Sequence(behind), Optional.of(NOW.minusSeconds(30)));
    }

    private static List<String> consumersWithSeries(MeterRegistry metrics) {
        return metrics.meters().stream()
                .filter(m -> m.id().name().equals("eventserver.consumer.lag.events"))
                .filter(m -> m.id().tagsMap().get("stream").equals("lag-gauges-test"))
                .map(m -> m.id().tagsMap().get("consumer"))
                .sorted()
                .toList();
    }

    private static double value(MeterRegistry metrics, String consumer, String name) {
        for (Meter meter : metrics.meters()) {
            if (meter.id().name().equals(name) && consumer.equals(meter.id().tagsMap().get("consumer"))
                    && meter instanceof Gauge<?> gauge) {
                return gauge.value().doubleValue();
            }
        }
        throw new AssertionError("no " + name + " for " + consumer);
    }

    /** Only {@code largestLags} is called by the gauges. */
    private static InspectStreamsUseCase inspect(List<ConsumerLag> largest) {
        return (InspectStreamsUseCase) Proxy.newProxyInstance(LagGaugesTest.class.getClassLoader(),
                new Class<?>[] {InspectStreamsUseCase.class}, (proxy, method, args) -> {
                    if (method.getName().equals("largestLags")) {
                        return List.copyOf(largest).subList(0, Math.min(largest.size(), (int) args[0]));
                    }
                    throw new AssertionError("not expected: " + method);
                });
    }
}

package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.eventserver.application.model.StreamRates;
import io.eventserver.application.model.StreamRates.Interval;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.Test;

class StreamTrafficTest {

    private static final StreamName ORDERS = new StreamName("orders");
    private static final Instant START = Instant.parse("2026-12-05T10:00:02Z");

    private final SettableClock clock = new SettableClock(START);
    private final StreamTraffic traffic = new StreamTraffic(clock);

    @Test
    void completeIntervalsFromTheOneTheProcessStartedInAreAnswered() {
        traffic.published(ORDERS, 3); // in the interval the process started in: shown once it is complete

        assertEquals(List.of(), traffic.rates(ORDERS).intervals());
        clock.advance(Duration.ofSeconds(3)); // 10:00:05, the next interval begins
        traffic.published(ORDERS, 2);
        traffic.acknowledged(ORDERS, 1);
        clock.advance(Duration.ofSeconds(5));
        traffic.published(ORDERS, 7);

        assertEquals(List.of(new Interval(Instant.parse("2026-12-05T10:00:00Z"), 3, 0),
                        new Interval(Instant.parse("2026-12-05T10:00:05Z"), 2, 1)),
                traffic.rates(ORDERS).intervals());
    }

    @Test
    void theWindowKeepsTheLastTenMinutesAndRatesArePerSecond() {
        clock.advance(Duration.ofSeconds(3));
        for (int i = 0; i < 200; i++) {
            traffic.published(ORDERS, 10);
            traffic.acknowledged(ORDERS, i < 199 ? 5 : 0);
            clock.advance(StreamTraffic.INTERVAL);
        }

        StreamRates rates = traffic.rates(ORDERS);
        assertEquals(120, rates.intervals().size(), "10 minutes of 5 s");
        assertEquals(Instant.parse("2026-12-05T10:16:40Z"), rates.intervals().getLast().start(),
                "the newest complete interval; the current one is not answered");
        assertEquals(2.0, rates.publishedPerSecond(12));
        assertEquals(55 / 60.0, rates.acknowledgedPerSecond(12), 1e-9);
        assertEquals(0.0, rates.acknowledgedPerSecond(1));
    }

    @Test
    void quietIntervalsAndUnknownStreamsCountZero() {
        clock.advance(Duration.ofSeconds(3));
        traffic.published(ORDERS, 4);
        clock.advance(Duration.ofSeconds(20));

        // the interval the process started in (10:00:00, quiet), then 10:00:05 with the 4 events, then quiet ones
        assertEquals(List.of(0L, 4L, 0L, 0L, 0L), traffic.rates(ORDERS).intervals().stream()
                .map(Interval::published).toList());
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L), traffic.rates(new StreamName("other")).intervals().stream()
                .map(Interval::published).toList());
    }

    @Test
    void streamsBeyondTheLimitAreNotCountedUntilOthersFallQuiet() {
        clock.advance(Duration.ofSeconds(3));
        for (int i = 0; i < StreamTraffic.MAX_STREAMS; i++) {
            traffic.published(new StreamName("s" + i), 1);
        }
        StreamName late = new StreamName("late");
        traffic.published(late, 1);
        clock.advance(StreamTraffic.INTERVAL);
        assertEquals(0, traffic.rates(late).intervals().getLast().published(), "over the limit: not counted");

        clock.advance(StreamTraffic.WINDOW);
        traffic.published(late, 1);
        clock.advance(StreamTraffic.INTERVAL);
        assertEquals(1, traffic.rates(late).intervals().getLast().published(), "the quiet ones made room");
    }
}

package io.eventserver.application.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.eventserver.domain.stream.StreamName;

/**
 * How many events were published to a stream and acknowledged in it on this process, per interval: the complete
 * intervals of the last minutes, oldest first (none from before the process started).
 *
 * @param interval the length of each interval
 */
public record StreamRates(StreamName stream, Duration interval, List<Interval> intervals) {

    public StreamRates {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(interval, "interval");
        intervals = List.copyOf(intervals);
    }

    /**
     * @param published    events committed by publishes (a replayed idempotent publish stores nothing and counts
     *                     nothing)
     * @param acknowledged events that consumers' offsets moved past (an acknowledgement that moves an offset from 7
     *                     to 10 counts 3; offset resets count nothing)
     */
    public record Interval(Instant start, long published, long acknowledged) {
        public Interval {
            Objects.requireNonNull(start, "start");
        }
    }

    /** Events published per second over the newest {@code last} intervals (fewer when there are fewer). */
    public double publishedPerSecond(int last) {
        return perSecond(last, true);
    }

    /** Events acknowledged per second over the newest {@code last} intervals (fewer when there are fewer). */
    public double acknowledgedPerSecond(int last) {
        return perSecond(last, false);
    }

    private double perSecond(int last, boolean published) {
        List<Interval> newest = intervals.subList(Math.max(0, intervals.size() - last), intervals.size());
        if (newest.isEmpty()) {
            return 0;
        }
        long events = newest.stream().mapToLong(each -> published ? each.published() : each.acknowledged()).sum();
        return events / (newest.size() * (interval.toMillis() / 1000.0));
    }
}

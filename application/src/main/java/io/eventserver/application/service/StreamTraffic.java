package io.eventserver.application.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.eventserver.application.model.StreamRates;
import io.eventserver.domain.stream.StreamName;

/**
 * Events published to and acknowledged in each stream on this process, in {@link #INTERVAL}s over the last
 * {@link #WINDOW} (ADR 48): what the console draws as rates. Counted in memory after each commit, so a process
 * knows only its own share of the traffic and forgets it when it stops. At most {@link #MAX_STREAMS} streams with
 * traffic in the window are counted; a stream beyond them is not counted until others fall quiet.
 */
public final class StreamTraffic {

    public static final Duration INTERVAL = Duration.ofSeconds(5);
    public static final Duration WINDOW = Duration.ofMinutes(10);
    public static final int MAX_STREAMS = 10_000;
    private static final int SLOTS = (int) (WINDOW.toSeconds() / INTERVAL.toSeconds());

    private final Clock clock;
    /**
     * The interval this process started counting in. It is answered (once complete) although it began before the
     * start: what was committed in it is counted, and leaving it out would lose a new server's first events.
     */
    private final long firstInterval;
    private final Map<StreamName, Counts> streams = new ConcurrentHashMap<>();

    public StreamTraffic(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.firstInterval = Math.floorDiv(clock.millis(), INTERVAL.toMillis());
    }

    /** {@code events} were committed to {@code stream}. */
    public void published(StreamName stream, long events) {
        counts(stream).ifTracked(current(), events, 0);
    }

    /** Consumers' offsets in {@code stream} moved past {@code events} more events. */
    public void acknowledged(StreamName stream, long events) {
        counts(stream).ifTracked(current(), 0, events);
    }

    /** The complete intervals of the window, oldest first, from the one this process started counting in. */
    public StreamRates rates(StreamName stream) {
        long now = current();
        Counts counts = streams.get(stream);
        List<StreamRates.Interval> intervals = new ArrayList<>(SLOTS);
        for (long interval = Math.max(firstInterval, now - SLOTS); interval < now; interval++) {
            long[] both = counts == null ? new long[2] : counts.at(interval);
            intervals.add(new StreamRates.Interval(Instant.ofEpochMilli(interval * INTERVAL.toMillis()), both[0],
                    both[1]));
        }
        return new StreamRates(stream, INTERVAL, intervals);
    }

    private long current() {
        return Math.floorDiv(clock.millis(), INTERVAL.toMillis());
    }

    private Counts counts(StreamName stream) {
        Counts counts = streams.get(stream);
        if (counts != null) {
            return counts;
        }
        if (streams.size() >= MAX_STREAMS) {
            long now = current();
            streams.values().removeIf(each -> each.quietSince(now - SLOTS));
            if (streams.size() >= MAX_STREAMS) {
                return Counts.UNTRACKED;
            }
        }
        return streams.computeIfAbsent(stream, name -> new Counts());
    }

    /**
     * A ring of {@link #SLOTS} intervals; slot {@code i} holds the interval {@code n} with {@code n % SLOTS == i}.
     * Ints: about 1.5 KB a stream (an interval number fits until the year 2310, a count of one stream in 5 s too).
     */
    private static final class Counts {

        static final Counts UNTRACKED = new Counts();

        private final int[] interval = new int[SLOTS];
        private final int[] published = new int[SLOTS];
        private final int[] acknowledged = new int[SLOTS];
        private long newest = Long.MIN_VALUE;

        Counts() {
            Arrays.fill(interval, Integer.MIN_VALUE);
        }

        synchronized void ifTracked(long now, long publishedEvents, long acknowledgedEvents) {
            if (this == UNTRACKED) {
                return;
            }
            int slot = (int) Math.floorMod(now, SLOTS);
            if (interval[slot] != (int) now) {
                interval[slot] = (int) now;
                published[slot] = 0;
                acknowledged[slot] = 0;
            }
            published[slot] = (int) Math.min(Integer.MAX_VALUE, published[slot] + publishedEvents);
            acknowledged[slot] = (int) Math.min(Integer.MAX_VALUE, acknowledged[slot] + acknowledgedEvents);
            newest = Math.max(newest, now);
        }

        synchronized long[] at(long wanted) {
            int slot = (int) Math.floorMod(wanted, SLOTS);
            return interval[slot] == (int) wanted ? new long[] {published[slot], acknowledged[slot]} : new long[2];
        }

        synchronized boolean quietSince(long since) {
            return newest < since;
        }
    }
}

package io.eventserver.adapters.kafka;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.eventserver.domain.event.RecordedEvent;

/**
 * The events of each topic this process recently produced or read, by sequence (issue 28, ADR 69): a record in
 * Kafka never changes, and one this process saw acknowledged ({@code acks=all}) or read below the high watermark is
 * durable, so a page that starts with such events is answered from memory instead of a ListOffsets, an assign, a
 * seek and a fetch. What serves a page is the unbroken run of sequences right after the reader's position: a gap
 * (an event another node produced, or one evicted) ends the run there, and the reader's next page goes to Kafka from
 * that gap on — a reader is never handed a page that skips an event.
 * <p>
 * Bounded to {@link #CAPACITY} events across all topics: the topic used least recently goes first, and within a topic
 * the lowest sequences. Keyed by the topic's name, which is made from its row's id and never reused.
 */
final class RecentEvents {

    static final int CAPACITY = 16_384;

    private final int capacity;
    private final Map<String, NavigableMap<Long, RecordedEvent>> topics = new LinkedHashMap<>(64, 0.75f, true);
    private int size;

    RecentEvents() {
        this(CAPACITY);
    }

    RecentEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Remembers events of the topic (any order, duplicates ignored). */
    synchronized void remember(String topic, List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        NavigableMap<Long, RecordedEvent> known = topics.computeIfAbsent(topic, ignored -> new TreeMap<>());
        for (RecordedEvent event : events) {
            if (known.putIfAbsent(event.sequence().value(), event) == null) {
                size++;
            }
        }
        evict(known);
    }

    /**
     * The events with sequences {@code after + 1, after + 2, …} without a gap, at most {@code limit}; empty when the
     * next one is not here.
     */
    synchronized List<RecordedEvent> after(String topic, long after, int limit) {
        NavigableMap<Long, RecordedEvent> known = topics.get(topic);
        if (known == null || limit < 1) {
            return List.of();
        }
        List<RecordedEvent> run = new ArrayList<>(Math.min(limit, 128));
        long next = after + 1;
        for (RecordedEvent event : known.tailMap(next, true).values()) {
            if (event.sequence().value() != next || run.size() == limit) {
                break;
            }
            run.add(event);
            next++;
        }
        return run;
    }

    synchronized int size() {
        return size;
    }

    /** Down to the capacity: first the least recently used other topics, then the lowest sequences of this one. */
    private void evict(NavigableMap<Long, RecordedEvent> keep) {
        Iterator<NavigableMap<Long, RecordedEvent>> eldest = topics.values().iterator();
        while (size > capacity && eldest.hasNext()) {
            NavigableMap<Long, RecordedEvent> topic = eldest.next();
            if (topic == keep) {
                continue;
            }
            size -= topic.size();
            eldest.remove();
        }
        while (size > capacity && !keep.isEmpty()) {
            keep.pollFirstEntry();
            size--;
        }
    }
}

package io.eventserver.adapters.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
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
 * Bounded to {@link #CAPACITY} events across all topics, evicted by blocks of {@link #BLOCK} sequences: the block used
 * least recently goes first, whatever its topic — so readers at the start of a long topic keep their events while
 * publishers append at its end, and the other way round. Keyed by the topic's name, which is made from its row's id
 * and never reused.
 */
final class RecentEvents {

    static final int CAPACITY = 16_384;
    /** Sequences per block, the unit of eviction: a few pages of 100. */
    static final int BLOCK = 256;

    private final int capacity;
    private final int block;
    private final Map<String, NavigableMap<Long, RecordedEvent>> topics = new HashMap<>();
    /** The blocks held, least recently used first. */
    private final Set<Block> blocks = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, true));
    private int size;

    private record Block(String topic, long number) {
    }

    RecentEvents() {
        this(CAPACITY, BLOCK);
    }

    RecentEvents(int capacity, int block) {
        if (capacity < 1 || block < 1) {
            throw new IllegalArgumentException("capacity and block must be at least 1");
        }
        this.capacity = capacity;
        this.block = block;
    }

    /** Remembers events of the topic (any order, duplicates ignored). */
    synchronized void remember(String topic, List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        NavigableMap<Long, RecordedEvent> known = topics.computeIfAbsent(topic, ignored -> new TreeMap<>());
        long used = Long.MIN_VALUE;
        for (RecordedEvent event : events) {
            long sequence = event.sequence().value();
            if (known.putIfAbsent(sequence, event) == null) {
                size++;
            }
            if (Math.floorDiv(sequence, block) != used) {
                used = use(topic, sequence);
            }
        }
        evict();
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
            if (run.isEmpty() || next % block == 0) {
                use(topic, next);
            }
            run.add(event);
            next++;
        }
        return run;
    }

    synchronized int size() {
        return size;
    }

    /** Marks the block of {@code sequence} as the most recently used (an access-ordered put moves it last). */
    private long use(String topic, long sequence) {
        long number = Math.floorDiv(sequence, block);
        blocks.add(new Block(topic, number));
        return number;
    }

    /** Down to the capacity, the least recently used block first. */
    private void evict() {
        Iterator<Block> eldest = blocks.iterator();
        while (size > capacity && eldest.hasNext()) {
            Block gone = eldest.next();
            eldest.remove();
            NavigableMap<Long, RecordedEvent> known = topics.get(gone.topic());
            if (known == null) {
                continue;
            }
            Map<Long, RecordedEvent> range = known.subMap(gone.number() * block, true,
                    gone.number() * block + block - 1, true);
            size -= range.size();
            range.clear();
            if (known.isEmpty()) {
                topics.remove(gone.topic());
            }
        }
    }
}

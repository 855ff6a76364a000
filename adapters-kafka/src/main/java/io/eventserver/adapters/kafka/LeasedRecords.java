package io.eventserver.adapters.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * The records a leased read fetched from Kafka under the cursor's lock (for their ids), handed to the read of the
 * same page that follows on the same thread, so that a page of fresh leases is fetched from Kafka once, not twice
 * (ADR 57). Per thread and one page at most: nothing is kept beyond the next read, and no page of one request is
 * ever seen by another.
 */
final class LeasedRecords {

    private record Page(StreamName stream, EventName name, Map<Sequence, RecordedEvent> events) {
    }

    private final ThreadLocal<Page> last = new ThreadLocal<>();

    /** Forgets what this thread remembered. */
    void forget() {
        last.remove();
    }

    void remember(StreamName stream, EventName name, List<RecordedEvent> events) {
        Page page = last.get();
        if (page == null || !page.stream().equals(stream) || !page.name().equals(name)) {
            page = new Page(stream, name, new HashMap<>());
            last.set(page);
        }
        for (RecordedEvent event : events) {
            page.events().put(event.sequence(), event);
        }
    }

    /**
     * Takes what this thread remembered of these sequences of (stream, name), and forgets the page.
     *
     * @return the events found; {@code missing} receives the sequences not remembered
     */
    List<RecordedEvent> take(StreamName stream, EventName name, Collection<Sequence> sequences,
                             List<Sequence> missing) {
        Page page = Optional.ofNullable(last.get())
                .filter(p -> p.stream().equals(stream) && p.name().equals(name)).orElse(null);
        last.remove();
        List<RecordedEvent> found = new ArrayList<>();
        for (Sequence sequence : sequences) {
            RecordedEvent event = page == null ? null : page.events().get(sequence);
            if (event == null) {
                missing.add(sequence);
            } else {
                found.add(event);
            }
        }
        return found;
    }
}

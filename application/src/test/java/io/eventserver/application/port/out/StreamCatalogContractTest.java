package io.eventserver.application.port.out;

import static io.eventserver.application.TestEvents.draft;
import static io.eventserver.application.TestEvents.producer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.EventNameSummary;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StreamCatalog} must do. The store under test may hold other tests' streams, so each test uses
 * stream names with a fresh prefix and looks only at those.
 */
public abstract class StreamCatalogContractTest {

    private static final EventName CREATED = new EventName("Created");
    private static final EventName PAID = new EventName("Paid");

    /** The engine under test: the stores of one database or cluster, opened once for the test class. */
    protected abstract StorageEngine storage();

    protected final EventStore eventStore() {
        return storage().eventStore();
    }

    protected final CursorStore cursorStore() {
        return storage().cursorStore();
    }

    protected final StreamCatalog catalog() {
        return storage().streamCatalog();
    }

    @Test
    void aStreamSummaryCountsEventsPerNameAndKnowsTheNewest() {
        StreamName name = new StreamName("catalog-" + UUID.randomUUID());
        append(name, CREATED);
        append(name, CREATED);
        RecordedEvent newest = append(name, PAID);

        StreamSummary summary = catalog().stream(name, 100).orElseThrow();

        assertEquals(producer("owner-1"), summary.owner());
        assertEquals(Map.of(CREATED, 2L, PAID, 1L), summary.eventCounts());
        assertEquals(2, summary.eventNameCount());
        assertEquals(3, summary.eventCount());
        assertEquals(Optional.of(newest.receivedAt()), summary.lastEventAt());
        assertTrue(!summary.createdAt().isAfter(newest.receivedAt()));
        assertTrue(catalog().stream(new StreamName("catalog-" + UUID.randomUUID()), 100).isEmpty());
    }

    /**
     * Issue 29: a summary is bounded whatever the stream holds: it carries the counts of the {@code recentNames}
     * names with the newest events only, and counts all names and all events.
     */
    @Test
    void aSummaryCarriesTheMostRecentEventNamesOnlyAndCountsThemAll() throws Exception {
        StreamName name = new StreamName("recent-" + UUID.randomUUID());
        for (String eventName : List.of("N1", "N2", "N3", "N4", "N5")) {
            append(name, new EventName(eventName));
            // distinct times, also on an engine whose timestamps are milliseconds
            Thread.sleep(5);
        }
        RecordedEvent newest = append(name, new EventName("N2"));

        StreamSummary summary = catalog().stream(name, 3).orElseThrow();

        assertEquals(Map.of(new EventName("N2"), 2L, new EventName("N5"), 1L, new EventName("N4"), 1L),
                summary.eventCounts());
        assertEquals(5, summary.eventNameCount());
        assertEquals(6, summary.eventCount());
        assertEquals(Optional.of(newest.receivedAt()), summary.lastEventAt());
        StreamSummary listed = catalog().streams(Optional.of(new StreamName(name.value().substring(0,
                name.value().length() - 1))), 1, 3).getFirst();
        assertEquals(summary, listed);
    }

    /** Issue 29: every event name of a stream, page by page, in the order of their bytes, with their counts. */
    @Test
    void eventNamesArePagedInByteOrderWithTheirCounts() {
        StreamName name = new StreamName("names-" + UUID.randomUUID());
        for (String eventName : List.of("b", "a", "c", "B", "b", "a", "b")) {
            append(name, new EventName(eventName));
        }

        List<EventNameSummary> first = catalog().eventNames(name, Optional.empty(), 2);
        List<EventNameSummary> second = catalog().eventNames(name, Optional.of(first.getLast().name()), 2);
        List<EventNameSummary> third = catalog().eventNames(name, Optional.of(second.getLast().name()), 2);

        assertEquals(List.of("B=1", "a=2"), first.stream().map(n -> n.name() + "=" + n.count()).toList());
        assertEquals(List.of("b=3", "c=1"), second.stream().map(n -> n.name() + "=" + n.count()).toList());
        assertEquals(List.of(), third);
        assertEquals(new Sequence(3), second.getFirst().lastSequence());
        assertEquals(List.of(), catalog().eventNames(new StreamName("names-" + UUID.randomUUID()), Optional.empty(),
                10));
    }

    @Test
    void streamsArePagedInNameOrder() {
        String prefix = "page-" + UUID.randomUUID() + "-";
        List<StreamName> names = new ArrayList<>();
        for (String suffix : List.of("c", "a", "e", "b", "d")) {
            StreamName name = new StreamName(prefix + suffix);
            append(name, CREATED);
            names.add(name);
        }
        names.sort((x, y) -> x.value().compareTo(y.value()));

        List<StreamSummary> first = catalog().streams(Optional.of(new StreamName(prefix.substring(0,
                prefix.length() - 1))), 2, 100);
        List<StreamSummary> second = catalog().streams(Optional.of(first.getLast().name()), 2, 100);
        List<StreamSummary> third = catalog().streams(Optional.of(second.getLast().name()), 2, 100);

        assertEquals(names.subList(0, 2), first.stream().map(StreamSummary::name).toList());
        assertEquals(names.subList(2, 4), second.stream().map(StreamSummary::name).toList());
        assertEquals(names.get(4), third.getFirst().name());
    }

    @Test
    void consumerLagIsExact() {
        StreamName name = new StreamName("lag-" + UUID.randomUUID());
        List<RecordedEvent> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(append(name, CREATED));
        }
        append(name, PAID);
        ConsumerId billing = new ConsumerId("billing");
        ConsumerId audit = new ConsumerId("audit");
        cursorStore().save(ConsumerCursor.at(billing, name, CREATED, new Sequence(2)));
        cursorStore().save(ConsumerCursor.at(audit, name, CREATED, new Sequence(5)));
        cursorStore().save(ConsumerCursor.at(billing, name, PAID, new Sequence(1)));

        List<ConsumerLag> lags = catalog().consumerLags(name, Optional.empty(), 100);

        assertEquals(List.of("Created/audit", "Created/billing", "Paid/billing"),
                lags.stream().map(l -> l.eventName() + "/" + l.consumer()).toList());
        ConsumerLag audited = lags.get(0);
        assertEquals(0, audited.lag());
        assertEquals(Optional.empty(), audited.oldestUnacknowledgedAt());
        ConsumerLag billed = lags.get(1);
        assertEquals(new Sequence(2), billed.offset());
        assertEquals(new Sequence(5), billed.lastSequence());
        assertEquals(3, billed.lag());
        assertEquals(Optional.of(created.get(2).receivedAt()), billed.oldestUnacknowledgedAt());
        assertEquals(0, lags.get(2).lag());
    }

    /** Issue 29: a stream's cursors, page by page, by event name, then consumer. */
    @Test
    void consumerLagsArePaged() {
        StreamName name = new StreamName("lags-" + UUID.randomUUID());
        append(name, CREATED);
        append(name, PAID);
        for (String consumer : List.of("c", "a", "b")) {
            cursorStore().save(ConsumerCursor.at(new ConsumerId(consumer), name, CREATED, new Sequence(1)));
        }
        cursorStore().save(ConsumerCursor.at(new ConsumerId("a"), name, PAID, new Sequence(1)));

        List<ConsumerLag> first = catalog().consumerLags(name, Optional.empty(), 3);
        List<ConsumerLag> second = catalog().consumerLags(name, Optional.of(first.getLast().position()), 3);

        assertEquals(List.of("Created/a", "Created/b", "Created/c"),
                first.stream().map(l -> l.eventName() + "/" + l.consumer()).toList());
        assertEquals(List.of("Paid/a"), second.stream().map(l -> l.eventName() + "/" + l.consumer()).toList());
        assertEquals(List.of(), catalog().consumerLags(name, Optional.of(second.getFirst().position()), 3));
    }

    @Test
    void theLargestLagsComeFirst() {
        StreamName big = new StreamName("largest-" + UUID.randomUUID());
        for (int i = 0; i < 60; i++) {
            append(big, CREATED);
        }
        cursorStore().save(ConsumerCursor.at(new ConsumerId("slow"), big, CREATED, new Sequence(1)));
        cursorStore().save(ConsumerCursor.at(new ConsumerId("fast"), big, CREATED, new Sequence(59)));

        List<ConsumerLag> largest = catalog().largestLags(1000);

        assertTrue(largest.size() >= 2);
        for (int i = 1; i < largest.size(); i++) {
            assertTrue(largest.get(i - 1).lag() >= largest.get(i).lag(), "largest first");
        }
        assertEquals(1, catalog().largestLags(1).size());
        List<String> ours = largest.stream().filter(l -> l.stream().equals(big))
                .map(l -> l.consumer() + "=" + l.lag()).toList();
        assertEquals(List.of("slow=59", "fast=1"), ours);
    }

    private RecordedEvent append(StreamName name, EventName eventName) {
        Stream stream = eventStore().findStream(name).orElseGet(() -> Stream.claim(name, producer("owner-1")));
        return eventStore().append(stream, stream.append(stream.owner(), draft(eventName.value())));
    }
}

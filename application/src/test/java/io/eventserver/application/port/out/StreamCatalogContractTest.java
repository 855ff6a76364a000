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

        StreamSummary summary = catalog().stream(name).orElseThrow();

        assertEquals(producer("owner-1"), summary.owner());
        assertEquals(Map.of(CREATED, 2L, PAID, 1L), summary.eventCounts());
        assertEquals(3, summary.eventCount());
        assertEquals(Optional.of(newest.receivedAt()), summary.lastEventAt());
        assertTrue(!summary.createdAt().isAfter(newest.receivedAt()));
        assertTrue(catalog().stream(new StreamName("catalog-" + UUID.randomUUID())).isEmpty());
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

        List<StreamSummary> first = catalog().streams(Optional.of(new StreamName(prefix.substring(0, prefix.length() - 1))), 2);
        List<StreamSummary> second = catalog().streams(Optional.of(first.getLast().name()), 2);
        List<StreamSummary> third = catalog().streams(Optional.of(second.getLast().name()), 2);

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

        List<ConsumerLag> lags = catalog().consumerLags(name);

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

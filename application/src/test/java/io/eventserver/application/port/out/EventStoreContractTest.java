package io.eventserver.application.port.out;

import static io.eventserver.application.TestEvents.draft;
import static io.eventserver.application.TestEvents.producer;
import static io.eventserver.application.TestEvents.uniqueStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} must do. An adapter proves itself by extending this class and returning its
 * implementation from {@link #eventStore()}; the tests use fresh stream names, so one store may serve them all.
 */
public abstract class EventStoreContractTest {

    private static final ProducerId OWNER = producer("owner-1");

    /** The engine under test: the stores of one database or cluster, opened once for the test class. */
    protected abstract StorageEngine storage();

    protected final EventStore eventStore() {
        return storage().eventStore();
    }

    @Test
    void aStreamDoesNotExistBeforeItsFirstEvent() {
        assertTrue(eventStore().findStream(uniqueStream()).isEmpty());
    }

    @Test
    void theFirstAppendCreatesTheStreamWithItsOwner() {
        StreamName name = uniqueStream();
        append(Stream.claim(name, OWNER), "Created");

        Stream stream = eventStore().findStream(name).orElseThrow();
        assertEquals(OWNER, stream.owner());
        assertTrue(!stream.isClaimedNow());
    }

    @Test
    void eventsOfOneNameAreNumberedFromOneWithoutGaps() {
        StreamName name = uniqueStream();
        Stream stream = created(name);

        assertEquals(new Sequence(2), append(stream, "Created").sequence());
        assertEquals(new Sequence(3), append(stream, "Created").sequence());
    }

    @Test
    void eachEventNameHasItsOwnSequence() {
        Stream stream = created(uniqueStream());

        assertEquals(new Sequence(1), append(stream, "Paid").sequence());
        assertEquals(new Sequence(2), append(stream, "Created").sequence());
        assertEquals(new Sequence(2), append(stream, "Paid").sequence());
    }

    @Test
    void claimingAStreamThatExistsStoresNothing() {
        StreamName name = uniqueStream();
        created(name);

        assertThrows(StreamClaimedConcurrently.class,
                () -> append(Stream.claim(name, producer("intruder")), "Created"));

        assertEquals(OWNER, eventStore().findStream(name).orElseThrow().owner());
        assertEquals(1, eventStore().readAfter(name, new EventName("Created"), Sequence.ZERO, 10).size());
    }

    @Test
    void readingReturnsTheEventsAfterTheOffsetInOrderUpToTheLimit() {
        StreamName name = uniqueStream();
        Stream stream = created(name);
        for (int i = 0; i < 4; i++) {
            append(stream, "Created");
        }
        append(stream, "Other");

        List<RecordedEvent> events = eventStore().readAfter(name, new EventName("Created"), new Sequence(1), 3);

        assertEquals(List.of(2L, 3L, 4L), events.stream().map(e -> e.sequence().value()).toList());
        assertTrue(events.stream().allMatch(e -> e.name().equals(new EventName("Created"))));
    }

    @Test
    void readingAnUnknownEventNameGivesNothing() {
        StreamName name = uniqueStream();
        created(name);

        assertTrue(eventStore().readAfter(name, new EventName("Unknown"), Sequence.ZERO, 10).isEmpty());
    }

    @Test
    void anEventDecidedByAnotherStreamIsRefusedAndNothingIsStored() {
        StreamName name = uniqueStream();
        Stream stream = created(name);
        Stream other = Stream.claim(uniqueStream(), OWNER);
        EventAppended elsewhere = other.append(OWNER, draft("Created"));

        assertThrows(IllegalArgumentException.class, () -> eventStore().append(stream, elsewhere));

        assertEquals(1, eventStore().readAfter(name, new EventName("Created"), Sequence.ZERO, 10).size(),
                "only the event that created the stream");
        assertTrue(eventStore().findStream(other.name()).isEmpty());
    }

    @Test
    void theDocumentComesBackExactlyAsStored() {
        StreamName name = uniqueStream();
        EventDraft draft = draft("Created",
                "{\"big\":123456789012345678901234567890.12345678901234567890,\"text\":\"\\u0000 é 😀\\\"\","
                        + "\"nested\":{\"a\":[1,2.50,{\"b\":null}]},\"e\":1E+2}");
        RecordedEvent stored = eventStore().append(Stream.claim(name, OWNER),
                new EventAppended(name, EventId.generate(), draft));

        RecordedEvent read = eventStore().readAfter(name, new EventName("Created"), Sequence.ZERO, 1).getFirst();

        assertEquals(draft.document(), read.document());
        assertEquals(stored.id(), read.id());
        assertEquals(stored.sequence(), read.sequence());
    }

    @Test
    void anEventIsFoundOnlyInItsOwnStream() {
        StreamName name = uniqueStream();
        RecordedEvent event = append(Stream.claim(name, OWNER), "Created");
        StreamName other = uniqueStream();
        created(other);

        assertEquals(new EventPosition(new EventName("Created"), new Sequence(1)),
                eventStore().findPosition(name, event.id()).orElseThrow());
        assertTrue(eventStore().findPosition(other, event.id()).isEmpty());
        assertTrue(eventStore().findPosition(name, EventId.generate()).isEmpty());
    }

    @Test
    void anEventIsLookedUpByIdInItsOwnStreamOnly() {
        StreamName name = uniqueStream();
        RecordedEvent stored = append(Stream.claim(name, OWNER), "Created");
        StreamName other = uniqueStream();
        created(other);

        RecordedEvent found = eventStore().findEvent(name, stored.id()).orElseThrow();
        assertEquals(stored.id(), found.id());
        assertEquals(new EventName("Created"), found.name());
        assertEquals(new Sequence(1), found.sequence());
        assertEquals(stored.document(), found.document());
        assertTrue(eventStore().findEvent(other, stored.id()).isEmpty());
    }

    @Test
    void theLastSequenceIsKnownPerEventName() {
        StreamName name = uniqueStream();
        Stream stream = created(name);
        append(stream, "Created");
        append(stream, "Paid");

        assertEquals(new Sequence(2), eventStore().lastSequence(name, new EventName("Created")).orElseThrow());
        assertEquals(new Sequence(1), eventStore().lastSequence(name, new EventName("Paid")).orElseThrow());
        assertTrue(eventStore().lastSequence(name, new EventName("Unknown")).isEmpty());
    }

    @Test
    void concurrentClaimsOfOneStreamHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 20; round++) {
            StreamName name = uniqueStream();
            int contenders = 8;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(contenders)) {
                for (int i = 0; i < contenders; i++) {
                    ProducerId producer = producer("producer-" + i);
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            append(Stream.claim(name, producer), "Created");
                            return true;
                        } catch (StreamClaimedConcurrently lost) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> result : results) {
                    winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, winners, "round " + round);
            }
            assertEquals(1, eventStore().readAfter(name, new EventName("Created"), Sequence.ZERO, 100).size());
        }
    }

    /**
     * The ordering guarantee: while several publishers append concurrently, a reader that always asks for the
     * events after the last one it saw never skips one, because an event only becomes visible after all events
     * with a lower sequence have.
     */
    @Test
    void aConcurrentReaderSeesEveryEventExactlyOnceInSequenceOrder() throws Exception {
        StreamName name = uniqueStream();
        Stream stream = created(name);
        EventName eventName = new EventName("Created");
        int publishers = 8;
        int perPublisher = 40;
        int total = 1 + publishers * perPublisher;
        AtomicBoolean publishing = new AtomicBoolean(true);
        List<Long> seen = new ArrayList<>();

        try (ExecutorService pool = Executors.newFixedThreadPool(publishers + 1)) {
            Future<?> reader = pool.submit(() -> {
                Sequence offset = Sequence.ZERO;
                // bounded, so that a broken store fails the test instead of hanging it
                long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while ((publishing.get() || seen.size() < total) && System.nanoTime() < giveUpAt) {
                    for (RecordedEvent event : eventStore().readAfter(name, eventName, offset, 7)) {
                        seen.add(event.sequence().value());
                        offset = event.sequence();
                    }
                }
                return null;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        append(stream, "Created");
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            publishing.set(false);
            reader.get(60, TimeUnit.SECONDS);
        }

        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= total; s++) {
            expected.add(s);
        }
        assertEquals(expected, seen);
        assertEquals(total, new HashSet<>(seen).size());
    }

    private Stream created(StreamName name) {
        append(Stream.claim(name, OWNER), "Created");
        return eventStore().findStream(name).orElseThrow();
    }

    private RecordedEvent append(Stream stream, String eventName) {
        return eventStore().append(stream, stream.append(stream.owner(), draft(eventName)));
    }
}

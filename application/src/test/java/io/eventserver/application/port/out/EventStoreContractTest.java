package io.eventserver.application.port.out;

import static io.eventserver.application.TestEvents.draft;
import static io.eventserver.application.TestEvents.producer;
import static io.eventserver.application.TestEvents.uniqueStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.IdempotencyKey;
import io.eventserver.domain.event.IdempotencyKeyReused;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.event.TraceContext;
import io.eventserver.domain.event.UnexpectedLastSequence;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.TooManyEventNames;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} must do. An adapter proves itself by extending this class and returning its
 * implementation from {@link #eventStore()}; the tests use fresh stream names, so one store may serve them all.
 */
public abstract class EventStoreContractTest {

    /**
     * The most event names a stream may have in the engine under test: open it with this maximum
     * ({@code api.max-event-names}). Small, so that reaching it is cheap on every engine.
     */
    public static final int MAX_EVENT_NAMES = 6;

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

    /**
     * A stream exists once a publish claimed it. An append decided on a stream nobody created (or that was deleted,
     * ADR 62), and that does not claim it, is refused with the fact (not as an unavailable store: the publish claims
     * the name instead), leaving no event, no name and no idempotency key (ADR 56).
     */
    @Test
    void anAppendToAStreamNobodyCreatedIsRefusedAndStoresNothing() {
        StreamName name = uniqueStream();
        Stream neverCreated = Stream.owned(name, OWNER);

        assertThrows(StreamDeletedConcurrently.class, () -> eventStore().append(
                neverCreated.append(OWNER, List.of(draft("Created"), draft("Paid"))), key("never-created", 'a')));

        assertTrue(eventStore().findStream(name).isEmpty());
        assertTrue(eventStore().lastSequence(name, new EventName("Created")).isEmpty());
        assertTrue(eventStore().readAfter(name, new EventName("Paid"), Sequence.ZERO, 10).isEmpty());
        Stream claimed = Stream.claim(name, OWNER);
        assertInstanceOf(AppendResult.Appended.class, eventStore().append(
                claimed.append(OWNER, List.of(draft("Created"))), key("never-created", 'b')),
                "the refused key was not recorded");
        assertEquals(new Sequence(1), eventStore().lastSequence(name, new EventName("Created")).orElseThrow());
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

    @Test
    void aBatchIsStoredWholeInItsOrder() {
        Stream stream = created(uniqueStream());
        EventsAppended batch = stream.append(OWNER, List.of(draft("Paid"), draft("Created"), draft("Paid")));

        AppendResult.Appended stored = (AppendResult.Appended) eventStore().append(batch, Optional.empty());

        assertEquals(batch.ids(), stored.ids());
        assertEquals(List.of(new Sequence(1), new Sequence(2), new Sequence(2)),
                stored.events().stream().map(RecordedEvent::sequence).toList());
        assertEquals(List.of(batch.ids().get(0), batch.ids().get(2)), eventStore()
                .readAfter(stream.name(), new EventName("Paid"), Sequence.ZERO, 10).stream().map(RecordedEvent::id)
                .toList());
    }

    @Test
    void aBatchWithAnEventOfAnotherStreamStoresNothing() {
        Stream stream = created(uniqueStream());
        Stream other = Stream.claim(uniqueStream(), OWNER);

        assertThrows(IllegalArgumentException.class, () -> eventStore().append(new EventsAppended(stream,
                List.of(stream.append(OWNER, draft("Paid")), other.append(OWNER, draft("Paid")))), Optional.empty()));

        assertTrue(eventStore().lastSequence(stream.name(), new EventName("Paid")).isEmpty());
    }

    @Test
    void concurrentBatchesOfOneEventNameAreNeverInterleaved() throws Exception {
        Stream stream = created(uniqueStream());
        int writers = 4;
        int batches = 10;
        int size = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<List<EventId>>>> written = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                written.add(pool.submit(() -> {
                    List<List<EventId>> mine = new ArrayList<>();
                    for (int b = 0; b < batches; b++) {
                        List<EventDraft> batch = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                            batch.add(draft("Tick"));
                        }
                        mine.add(eventStore().append(stream.append(OWNER, batch), Optional.empty()).ids());
                    }
                    return mine;
                }));
            }
            for (Future<List<List<EventId>>> writer : written) {
                writer.get();
            }
            List<EventId> order = eventStore().readAfter(stream.name(), new EventName("Tick"), Sequence.ZERO, 1000)
                    .stream().map(RecordedEvent::id).toList();
            assertEquals(writers * batches * size, order.size());
            for (Future<List<List<EventId>>> writer : written) {
                for (List<EventId> batch : writer.get()) {
                    int first = order.indexOf(batch.getFirst());
                    assertEquals(batch, order.subList(first, first + size), "a batch is one run of sequences");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRepeatedKeyWithTheSameFingerprintStoresNothingAndAnswersTheFirstIds() {
        Stream stream = created(uniqueStream());
        Optional<Idempotency> key = key("order-42", 'a');
        AppendResult first = eventStore().append(stream.append(OWNER, List.of(draft("Paid"), draft("Paid"))), key);

        AppendResult again = eventStore().append(stream.append(OWNER, List.of(draft("Paid"), draft("Paid"))), key);

        assertInstanceOf(AppendResult.Appended.class, first);
        assertInstanceOf(AppendResult.Replayed.class, again);
        assertEquals(first.ids(), again.ids());
        assertEquals(new Sequence(2), eventStore().lastSequence(stream.name(), new EventName("Paid")).orElseThrow());
    }

    @Test
    void aRepeatedKeyWithAnotherFingerprintIsRefusedAndStoresNothing() {
        Stream stream = created(uniqueStream());
        eventStore().append(stream.append(OWNER, List.of(draft("Paid"))), key("order-43", 'a'));

        IdempotencyKeyReused refused = assertThrows(IdempotencyKeyReused.class,
                () -> eventStore().append(stream.append(OWNER, List.of(draft("Paid"))), key("order-43", 'b')));

        assertEquals("order-43", refused.key().value());
        assertEquals(new Sequence(1), eventStore().lastSequence(stream.name(), new EventName("Paid")).orElseThrow());
    }

    @Test
    void aKeyBelongsToItsStream() {
        Stream one = created(uniqueStream());
        Stream two = created(uniqueStream());
        eventStore().append(one.append(OWNER, List.of(draft("Paid"))), key("same-key", 'a'));

        assertInstanceOf(AppendResult.Appended.class,
                eventStore().append(two.append(OWNER, List.of(draft("Paid"))), key("same-key", 'a')));
    }

    @Test
    void aKeyedFirstAppendCreatesTheStreamAndARetryFindsIt() {
        StreamName name = uniqueStream();
        Stream claimed = Stream.claim(name, OWNER);
        Optional<Idempotency> key = key("first", 'c');
        AppendResult first = eventStore().append(claimed.append(OWNER, List.of(draft("Created"))), key);

        Stream existing = eventStore().findStream(name).orElseThrow();
        AppendResult retry = eventStore().append(existing.append(OWNER, List.of(draft("Created"))), key);

        assertEquals(first.ids(), retry.ids());
        assertInstanceOf(AppendResult.Replayed.class, retry);
    }

    @Test
    void ofConcurrentAppendsWithOneKeyExactlyOneStoresAndAllAnswerItsIds() throws Exception {
        for (int round = 0; round < 5; round++) {
            Stream stream = created(uniqueStream());
            Optional<Idempotency> key = key("retry-" + round, 'd');
            int requests = 16;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(requests);
            try {
                List<Future<AppendResult>> answers = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return eventStore().append(stream.append(OWNER, List.of(draft("Paid"))), key);
                    }));
                }
                start.countDown();
                int appended = 0;
                HashSet<List<EventId>> ids = new HashSet<>();
                for (Future<AppendResult> answer : answers) {
                    AppendResult result = answer.get();
                    appended += result instanceof AppendResult.Appended ? 1 : 0;
                    ids.add(result.ids());
                }
                assertEquals(1, appended, "round " + round + ": exactly one stores");
                assertEquals(1, ids.size(), "round " + round + ": every answer names the same event");
                assertEquals(new Sequence(1), eventStore().lastSequence(stream.name(), new EventName("Paid"))
                        .orElseThrow());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * The rule of a repeated key holds for each request on its own, also when concurrent repeats are stored
     * together (a group commit): a repeat with the stored fingerprint is answered with the stored ids, whatever a
     * repeat with another fingerprint beside it is answered.
     */
    @Test
    void ofConcurrentRepeatsOfAStoredKeyEachIsAnsweredByItsOwnFingerprint() throws Exception {
        for (int round = 0; round < 5; round++) {
            Stream stream = created(uniqueStream());
            List<EventId> stored = eventStore().append(stream.append(OWNER, List.of(draft("Paid"))),
                    key("repeat-" + round, 'a')).ids();
            int requests = 16;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(requests);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    Optional<Idempotency> key = key("repeat-" + round, i % 2 == 0 ? 'b' : 'a');
                    answers.add(pool.submit(() -> {
                        start.await();
                        try {
                            AppendResult result = eventStore().append(stream.append(OWNER, List.of(draft("Paid"))),
                                    key);
                            return result instanceof AppendResult.Replayed && result.ids().equals(stored)
                                    ? "replayed" : "stored " + result;
                        } catch (IdempotencyKeyReused refused) {
                            return "refused";
                        }
                    }));
                }
                start.countDown();
                for (int i = 0; i < requests; i++) {
                    assertEquals(i % 2 == 0 ? "refused" : "replayed", answers.get(i).get(60, TimeUnit.SECONDS),
                            "round " + round + ", request " + i);
                }
                assertEquals(new Sequence(1), eventStore().lastSequence(stream.name(), new EventName("Paid"))
                        .orElseThrow());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Issue 29: a stream has at most {@link #MAX_EVENT_NAMES} event names. An append that would add one more stores
     * nothing — no event, no name, no idempotency key — while the names the stream has keep taking events.
     */
    @Test
    void anAppendThatWouldExceedTheMostEventNamesStoresNothing() {
        Stream stream = created(uniqueStream());
        for (int n = 1; n < MAX_EVENT_NAMES; n++) {
            append(stream, "Name" + n);
        }

        TooManyEventNames refused = assertThrows(TooManyEventNames.class, () -> append(stream, "OneTooMany"));
        assertEquals(stream.name(), refused.stream());
        assertEquals(MAX_EVENT_NAMES, refused.eventNames());
        assertTrue(eventStore().lastSequence(stream.name(), new EventName("OneTooMany")).isEmpty());
        assertTrue(eventStore().readAfter(stream.name(), new EventName("OneTooMany"), Sequence.ZERO, 10).isEmpty());

        // a batch with a known and a new name is refused whole
        assertThrows(TooManyEventNames.class, () -> eventStore().append(
                stream.append(OWNER, List.of(draft("Created"), draft("Another"))), Optional.empty()));
        assertEquals(new Sequence(1), eventStore().lastSequence(stream.name(), new EventName("Created"))
                .orElseThrow());

        // the refused key was not recorded: it may store other events afterwards
        assertThrows(TooManyEventNames.class, () -> eventStore().append(
                stream.append(OWNER, List.of(draft("Keyed"))), key("refused-key", 'a')));
        assertInstanceOf(AppendResult.Appended.class, eventStore().append(
                stream.append(OWNER, List.of(draft("Created"))), key("refused-key", 'b')));

        assertEquals(new Sequence(3), append(stream, "Created").sequence(), "known names take events as before");
        assertEquals(new Sequence(2), append(stream, "Name" + (MAX_EVENT_NAMES - 1)).sequence());
    }

    @Test
    void aFirstAppendWithMoreEventNamesThanTheMostCreatesNoStream() {
        StreamName name = uniqueStream();
        Stream claimed = Stream.claim(name, OWNER);
        List<EventDraft> drafts = new ArrayList<>();
        for (int n = 0; n <= MAX_EVENT_NAMES; n++) {
            drafts.add(draft("Name" + n));
        }

        TooManyEventNames refused = assertThrows(TooManyEventNames.class,
                () -> eventStore().append(claimed.append(OWNER, drafts), Optional.empty()));

        assertEquals(0, refused.eventNames());
        assertTrue(eventStore().findStream(name).isEmpty());
        Stream exactly = Stream.claim(name, OWNER);
        assertEquals(MAX_EVENT_NAMES, eventStore().append(exactly.append(OWNER, drafts.subList(0, MAX_EVENT_NAMES)),
                Optional.empty()).ids().size());
    }

    /** Concurrent appends racing for the last free names: exactly as many win as there are names left. */
    @Test
    void concurrentNewEventNamesNeverExceedTheMost() throws Exception {
        for (int round = 0; round < 3; round++) {
            Stream stream = created(uniqueStream());
            int racers = 3 * MAX_EVENT_NAMES;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                List<Future<Boolean>> answers = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    String eventName = "Racer" + i;
                    answers.add(pool.submit(() -> {
                        start.await();
                        try {
                            eventStore().append(stream, stream.append(OWNER, draft(eventName)));
                            return true;
                        } catch (TooManyEventNames refused) {
                            assertTrue(refused.eventNames() <= MAX_EVENT_NAMES, refused.getMessage());
                            return false;
                        }
                    }));
                }
                start.countDown();
                int stored = 0;
                for (Future<Boolean> answer : answers) {
                    stored += answer.get() ? 1 : 0;
                }
                assertEquals(MAX_EVENT_NAMES - 1, stored, "round " + round + ": the names left, and no more");
                int names = 0;
                for (int i = 0; i < racers; i++) {
                    names += eventStore().lastSequence(stream.name(), new EventName("Racer" + i)).isPresent() ? 1 : 0;
                }
                assertEquals(MAX_EVENT_NAMES - 1, names, "round " + round);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A second node on the same storage, for the deletion races across processes (ADR 62): what one node remembers of
     * a stream another deleted must not outlive the deletion. Engines without a second node test the one.
     */
    protected StorageEngine otherNode() {
        return storage();
    }

    /** Issue 25: a deleted stream takes its events, keys and cursors with it, and its name is free again. */
    @Test
    void aDeletedStreamIsGoneWithItsEventsAndItsNameIsFree() {
        StreamName name = uniqueStream();
        Stream stream = created(name);
        RecordedEvent paid = append(stream, "Paid");
        List<EventId> keyed = eventStore().append(stream.append(OWNER, List.of(draft("Paid"))), key("k", 'a')).ids();
        storage().cursorStore().overwrite(io.eventserver.domain.consumer.ConsumerCursor.at(
                new io.eventserver.domain.consumer.ConsumerId("reader"), name, new EventName("Paid"), new Sequence(1)));
        storage().schemaStore().put(name, new EventName("Paid"), new io.eventserver.domain.event.EventVersion(1),
                "{\"type\":\"object\"}");

        assertTrue(eventStore().deleteStream(name));
        assertTrue(storage().schemaStore().versions(name, new EventName("Paid")).isEmpty(), "its schemas go too");

        assertTrue(eventStore().findStream(name).isEmpty());
        assertTrue(otherNode().eventStore().findStream(name).isEmpty());
        assertTrue(eventStore().findEvent(name, paid.id()).isEmpty());
        assertTrue(eventStore().findPosition(name, keyed.getFirst()).isEmpty());
        assertTrue(eventStore().lastSequence(name, new EventName("Paid")).isEmpty());
        assertTrue(eventStore().readAfter(name, new EventName("Paid"), Sequence.ZERO, 10).isEmpty());
        assertTrue(storage().cursorStore().find(new io.eventserver.domain.consumer.ConsumerId("reader"), name,
                new EventName("Paid")).isEmpty());
        assertEquals(false, eventStore().deleteStream(name), "deleting it again finds nothing");

        ProducerId newOwner = producer("new-owner");
        Stream reborn = Stream.claim(name, newOwner);
        AppendResult again = eventStore().append(reborn.append(newOwner, List.of(draft("Paid"))), key("k", 'a'));
        assertInstanceOf(AppendResult.Appended.class, again, "the key went with the old stream");
        assertEquals(new Sequence(1), ((AppendResult.Appended) again).events().getFirst().sequence());
        assertEquals(newOwner, eventStore().findStream(name).orElseThrow().owner());
        assertEquals(newOwner, otherNode().eventStore().findStream(name).orElseThrow().owner());
        assertEquals(List.of(again.ids().getFirst()), otherNode().eventStore()
                .readAfter(name, new EventName("Paid"), Sequence.ZERO, 10).stream().map(RecordedEvent::id).toList());
    }

    @Test
    void deletingAStreamNobodyCreatedChangesNothing() {
        assertEquals(false, eventStore().deleteStream(uniqueStream()));
    }

    /**
     * An append decided on a stream that was deleted since — also on another node, which remembered it — stores
     * nothing and says so, so that the publish claims the name anew; with a new owner, the old owner's append is
     * refused the same way.
     */
    @Test
    void anAppendDecidedBeforeTheDeletionStoresNothing() {
        StreamName name = uniqueStream();
        created(name);
        Stream remembered = otherNode().eventStore().findStream(name).orElseThrow();
        append(remembered, "Paid");
        eventStore().deleteStream(name);

        assertThrows(StreamDeletedConcurrently.class,
                () -> otherNode().eventStore().append(remembered, remembered.append(OWNER, draft("Paid"))));
        assertThrows(StreamDeletedConcurrently.class,
                () -> otherNode().eventStore().append(remembered, remembered.append(OWNER, draft("Shipped"))));
        assertTrue(otherNode().eventStore().refreshStream(name).isEmpty());
        assertTrue(eventStore().findStream(name).isEmpty());

        ProducerId newOwner = producer("new-owner");
        append(Stream.claim(name, newOwner), "Paid");
        assertThrows(StreamDeletedConcurrently.class,
                () -> otherNode().eventStore().append(remembered, remembered.append(OWNER, draft("Paid"))));
        assertEquals(newOwner, otherNode().eventStore().refreshStream(name).orElseThrow().owner());
        assertEquals(1, eventStore().readAfter(name, new EventName("Paid"), Sequence.ZERO, 10).size());
    }

    /**
     * Appends racing a deletion end wholly before it (and are deleted with it) or fail, storing nothing; readers
     * racing it get what was there or nothing, never a failure.
     */
    @Test
    void appendsAndReadsRacingADeletionNeverLeaveHalfAStream() throws Exception {
        for (int round = 0; round < 3; round++) {
            StreamName name = uniqueStream();
            Stream stream = created(name);
            Stream onOther = otherNode().eventStore().findStream(name).orElseThrow();
            AtomicBoolean deleted = new AtomicBoolean();
            List<EventId> stored = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int writer = 0; writer < 4; writer++) {
                    Stream decided = writer % 2 == 0 ? stream : onOther;
                    EventStore store = writer % 2 == 0 ? eventStore() : otherNode().eventStore();
                    String eventName = writer < 2 ? "Paid" : "Paid" + writer;
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < 200 && !Thread.currentThread().isInterrupted(); i++) {
                            try {
                                stored.addAll(store.append(decided.append(OWNER, List.of(draft(eventName),
                                        draft("Created"))), Optional.empty()).ids());
                            } catch (StreamDeletedConcurrently gone) {
                                return null;
                            }
                        }
                        return null;
                    }));
                }
                work.add(pool.submit(() -> {
                    while (!deleted.get()) {
                        for (EventStore store : List.of(eventStore(), otherNode().eventStore())) {
                            store.readAfter(name, new EventName("Paid"), Sequence.ZERO, 50);
                            store.findStream(name);
                        }
                    }
                    return null;
                }));
                Thread.sleep(20);
                assertTrue(eventStore().deleteStream(name));
                deleted.set(true);
                for (Future<?> done : work) {
                    done.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(eventStore().findStream(name).isEmpty(), "round " + round);
            for (EventId id : stored) {
                assertTrue(eventStore().findEvent(name, id).isEmpty(), "round " + round + ": " + id + " survived");
            }
            for (String eventName : List.of("Paid", "Paid2", "Paid3", "Created")) {
                assertTrue(eventStore().lastSequence(name, new EventName(eventName)).isEmpty(), eventName);
            }
        }
    }

    /** Issue 25: a redacted event keeps its place, name and version, and loses everything else — for every read. */
    @Test
    void aRedactedEventKeepsItsPlaceAndLosesItsContent() {
        StreamName name = uniqueStream();
        Stream stream = created(name);
        AppendResult first = eventStore().append(stream.append(OWNER, List.of(
                draft("Paid", "{\"card\":\"4111\"}"), draft("Paid"))), key("redact", 'e'));
        RecordedEvent secret = eventStore().findEvent(name, first.ids().getFirst()).orElseThrow();
        io.eventserver.domain.event.EventDocument redacted = io.eventserver.domain.event.Redaction.of(secret.name(),
                secret.document());

        assertTrue(eventStore().redact(name, secret.id(), redacted));

        RecordedEvent found = eventStore().findEvent(name, secret.id()).orElseThrow();
        assertEquals(new RecordedEvent(secret.id(), secret.name(), secret.sequence(), secret.receivedAt(), redacted),
                found);
        assertTrue(found.redacted());
        List<RecordedEvent> page = eventStore().readAfter(name, new EventName("Paid"), Sequence.ZERO, 10);
        assertEquals(found, page.getFirst());
        assertTrue(!page.get(1).redacted(), "its neighbour is untouched");
        assertEquals(found, eventStore().read(name, new EventName("Paid"), List.of(secret.sequence())).getFirst());
        assertEquals(found, otherNode().eventStore().findEvent(name, secret.id()).orElseThrow());
        assertTrue(!found.document().json().contains("4111"));
        assertEquals(Optional.of(new EventPosition(secret.name(), secret.sequence())),
                eventStore().findPosition(name, secret.id()));
        AppendResult replay = eventStore().append(stream.append(OWNER, List.of(
                draft("Paid", "{\"card\":\"4111\"}"), draft("Paid"))), key("redact", 'e'));
        assertInstanceOf(AppendResult.Replayed.class, replay);
        assertEquals(first.ids(), replay.ids());

        assertTrue(eventStore().redact(name, secret.id(), redacted), "again: still there, still redacted");
        assertEquals(found, eventStore().findEvent(name, secret.id()).orElseThrow());
    }

    @Test
    void redactingAnEventTheStreamHasNotChangesNothing() {
        StreamName name = uniqueStream();
        StreamName other = uniqueStream();
        RecordedEvent elsewhere = append(created(other), "Paid");
        created(name);
        io.eventserver.domain.event.EventDocument redacted = io.eventserver.domain.event.Redaction.of(
                elsewhere.name(), elsewhere.document());

        assertEquals(false, eventStore().redact(name, elsewhere.id(), redacted));
        assertEquals(false, eventStore().redact(name, new EventId(java.util.UUID.randomUUID()), redacted));
        assertEquals(elsewhere, eventStore().findEvent(other, elsewhere.id()).orElseThrow());
    }

    @Test
    void anAppendWithAnExpectationStoresOnlyAfterThatLastSequence() {
        Stream stream = created(uniqueStream());
        EventName paid = new EventName("Paid");

        RecordedEvent first = stored(eventStore().append(expecting(stream, 0, "Paid"), Optional.empty()));
        RecordedEvent second = stored(eventStore().append(expecting(stream, 1, "Paid"), Optional.empty()));
        UnexpectedLastSequence stale = assertThrows(UnexpectedLastSequence.class,
                () -> eventStore().append(expecting(stream, 1, "Paid"), Optional.empty()));
        UnexpectedLastSequence ahead = assertThrows(UnexpectedLastSequence.class,
                () -> eventStore().append(expecting(stream, 7, "Paid"), Optional.empty()));

        assertEquals(List.of(1L, 2L), List.of(first.sequence().value(), second.sequence().value()));
        assertEquals(new Sequence(2), stale.last());
        assertEquals(new Sequence(1), stale.expected());
        assertEquals(paid, stale.eventName());
        assertEquals(new Sequence(2), ahead.last());
        assertEquals(2, eventStore().readAfter(stream.name(), paid, Sequence.ZERO, 10).size());
        assertThrows(UnexpectedLastSequence.class,
                () -> eventStore().append(expecting(stream, 0, "Created"), Optional.empty()),
                "the stream's first event was a Created");
    }

    @Test
    void aBatchWithAnExpectationFollowsTheLastSequenceBeforeIt() {
        Stream stream = created(uniqueStream());

        AppendResult batch = eventStore().append(stream.append(OWNER, List.of(draft("Created"), draft("Created"),
                draft("Created")), Optional.of(new Sequence(1))), Optional.empty());

        assertEquals(List.of(2L, 3L, 4L), ((AppendResult.Appended) batch).events().stream()
                .map(event -> event.sequence().value()).toList());
        assertThrows(UnexpectedLastSequence.class, () -> eventStore().append(stream.append(OWNER,
                List.of(draft("Created"), draft("Created")), Optional.of(new Sequence(1))), Optional.empty()));
        assertEquals(new Sequence(4), eventStore().lastSequence(stream.name(), new EventName("Created"))
                .orElseThrow());
    }

    @Test
    void aFirstAppendExpectingNoEventCreatesTheStream() {
        StreamName name = uniqueStream();

        stored(eventStore().append(expecting(Stream.claim(name, OWNER), 0, "Created"), Optional.empty()));

        assertEquals(OWNER, eventStore().findStream(name).orElseThrow().owner());
    }

    @Test
    void aRefusedExpectationRecordsNoKeyAndAReplayAnswersWhateverTheExpectationNow() {
        Stream stream = created(uniqueStream());
        Optional<Idempotency> refusedKey = key("refused", 'e');
        assertThrows(UnexpectedLastSequence.class,
                () -> eventStore().append(expecting(stream, 5, "Paid"), refusedKey));

        AppendResult first = eventStore().append(expecting(stream, 0, "Paid"), refusedKey);
        AppendResult replay = eventStore().append(expecting(stream, 0, "Paid"), refusedKey);

        assertInstanceOf(AppendResult.Appended.class, first, "the refused request recorded no key");
        assertInstanceOf(AppendResult.Replayed.class, replay, "stale now, and still the first answer");
        assertEquals(first.ids(), replay.ids());
        assertEquals(new Sequence(1), eventStore().lastSequence(stream.name(), new EventName("Paid")).orElseThrow());
    }

    /**
     * The check and the numbering are one step: of concurrent appends with the same expectation — which a group
     * commit may store in one transaction — exactly one stores; every other is told the last sequence it made.
     */
    @Test
    void ofConcurrentAppendsWithTheSameExpectationExactlyOneStores() throws Exception {
        Stream stream = created(uniqueStream());
        int racers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < 4; round++) {
                long expected = round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> answers = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        try {
                            eventStore().append(expecting(stream, expected, "Racer"), Optional.empty());
                            return true;
                        } catch (UnexpectedLastSequence refused) {
                            assertEquals(new Sequence(expected + 1), refused.last());
                            return false;
                        }
                    }));
                }
                start.countDown();
                int stored = 0;
                for (Future<Boolean> answer : answers) {
                    stored += answer.get(120, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, stored, "round " + round + ": exactly one stores");
                assertEquals(new Sequence(expected + 1), eventStore().lastSequence(stream.name(),
                        new EventName("Racer")).orElseThrow());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theTraceContextOfAnAppendComesBackWithEachOfItsEvents() {
        Stream stream = created(uniqueStream());
        Optional<TraceContext> trace = TraceContext.of(
                List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), List.of("rojo=1,congo=2"));
        EventName traced = new EventName("Traced");

        AppendResult result = eventStore().append(stream.append(OWNER, List.of(draft("Traced").traced(trace),
                draft("Traced").traced(trace))), Optional.empty());
        append(stream, "Traced");

        List<RecordedEvent> read = eventStore().readAfter(stream.name(), traced, Sequence.ZERO, 10);
        assertEquals(List.of(trace, trace, Optional.<TraceContext>empty()),
                read.stream().map(RecordedEvent::trace).toList());
        assertEquals(trace, eventStore().findEvent(stream.name(), result.ids().getFirst()).orElseThrow().trace());
        assertEquals(List.of(trace, trace), ((AppendResult.Appended) result).events().stream()
                .map(RecordedEvent::trace).toList());
        assertEquals(List.of(trace), eventStore().read(stream.name(), traced, List.of(new Sequence(2))).stream()
                .map(RecordedEvent::trace).toList());
        assertEquals(List.of(trace, trace, Optional.<TraceContext>empty()), eventStore()
                .scan(stream.name(), traced, Sequence.ZERO, 10, 100, EventFilter.NONE).found().stream()
                .map(RecordedEvent::trace).toList(), "a search (ADR 67) finds the events with their trace context");
    }

    private static EventsAppended expecting(Stream stream, long last, String eventName) {
        return stream.append(stream.owner(), List.of(draft(eventName)), Optional.of(new Sequence(last)));
    }

    private static RecordedEvent stored(AppendResult result) {
        return ((AppendResult.Appended) result).events().getFirst();
    }

    /** {"payload":{"n":3}}: the text for an engine that asks its database, the test for the others. */
    private static final EventFilter.Containment N_IS_3 = new EventFilter.Containment("{\"payload\":{\"n\":3}}",
            document -> document.json().contains("\"payload\":{\"n\":3}"));

    @Test
    void aScanFindsTheMatchesInOrderAndSaysWhereItStopped() {
        Stream stream = created(uniqueStream());
        for (int i = 1; i <= 10; i++) {
            eventStore().append(stream, stream.append(OWNER, draft("Numbered", "{\"n\":" + (i % 4) + "}")));
        }
        EventName numbered = new EventName("Numbered");
        EventFilter byN = new EventFilter(Optional.empty(), Optional.empty(), Optional.of(N_IS_3));

        EventStore.Scan all = eventStore().scan(stream.name(), numbered, Sequence.ZERO, 10, 100, byN);
        assertEquals(List.of(3L, 7L), all.found().stream().map(event -> event.sequence().value()).toList());
        assertEquals(Optional.of(new Sequence(10)), all.examined(), "it examined every event");

        EventStore.Scan first = eventStore().scan(stream.name(), numbered, Sequence.ZERO, 1, 100, byN);
        assertEquals(List.of(3L), first.found().stream().map(event -> event.sequence().value()).toList());
        assertEquals(Optional.of(new Sequence(3)), first.examined(), "it stops at the limit-th match");

        EventStore.Scan capped = eventStore().scan(stream.name(), numbered, new Sequence(3), 10, 3, byN);
        assertEquals(List.of(), capped.found());
        assertEquals(Optional.of(new Sequence(6)), capped.examined(), "at most maxScan events examined");

        EventStore.Scan none = eventStore().scan(stream.name(), numbered, new Sequence(10), 10, 100, byN);
        assertEquals(Optional.empty(), none.examined());
        assertEquals(Optional.empty(), eventStore().scan(stream.name(), new EventName("Never"), Sequence.ZERO, 10,
                100, EventFilter.NONE).examined());
    }

    @Test
    void aScanFiltersByTimeOfReceipt() {
        Stream stream = created(uniqueStream());
        RecordedEvent first = append(stream, "Timed");
        RecordedEvent second = append(stream, "Timed");
        EventName timed = new EventName("Timed");

        EventStore.Scan from = eventStore().scan(stream.name(), timed, Sequence.ZERO, 10, 100, new EventFilter(
                Optional.of(second.receivedAt()), Optional.empty(), Optional.empty()));
        assertTrue(from.found().contains(second), "since is inclusive");
        EventStore.Scan before = eventStore().scan(stream.name(), timed, Sequence.ZERO, 10, 100, new EventFilter(
                Optional.empty(), Optional.of(first.receivedAt()), Optional.empty()));
        assertEquals(List.of(), before.found(), "until is exclusive");
        assertEquals(Optional.of(new Sequence(2)), before.examined());
        EventStore.Scan window = eventStore().scan(stream.name(), timed, Sequence.ZERO, 10, 100, new EventFilter(
                Optional.of(first.receivedAt()), Optional.of(second.receivedAt().plusMillis(1)), Optional.empty()));
        assertEquals(List.of(first, second), window.found());
    }

    private static Optional<Idempotency> key(String key, char fingerprint) {
        return Optional.of(new Idempotency(new IdempotencyKey(key), String.valueOf(fingerprint).repeat(64)));
    }

    private Stream created(StreamName name) {
        append(Stream.claim(name, OWNER), "Created");
        return eventStore().findStream(name).orElseThrow();
    }

    private RecordedEvent append(Stream stream, String eventName) {
        return eventStore().append(stream, stream.append(stream.owner(), draft(eventName)));
    }
}

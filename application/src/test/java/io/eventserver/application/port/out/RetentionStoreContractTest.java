package io.eventserver.application.port.out;

import static io.eventserver.application.TestEvents.draft;
import static io.eventserver.application.TestEvents.producer;
import static io.eventserver.application.TestEvents.uniqueStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.eventserver.application.Eventually;
import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.Removal;
import io.eventserver.application.port.in.LeaseEventsUseCase.LeaseQuery;
import io.eventserver.application.port.in.LeaseEventsUseCase.LeasedPage;
import io.eventserver.application.port.in.LeaseLimits;
import io.eventserver.application.service.LeaseEventsService;
import io.eventserver.application.service.Waiters;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.IdempotencyKey;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.retention.MaxAge;
import io.eventserver.domain.retention.Retention;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RetentionStore} must do (issue 25, ADR 60). The defaults passed to a removal are always unlimited
 * here: the engine under test is shared with the other contracts, whose streams a default would reach; the streams
 * of these tests carry their own retention.
 */
public abstract class RetentionStoreContractTest {

    private static final EventName PAID = new EventName("Paid");
    private static final EventName SHIPPED = new EventName("Shipped");
    private static final int STEP = 1000;

    /** The engine under test, opened once for the test class. */
    protected abstract StorageEngine storage();

    /** A second engine on the same storage: another node. */
    protected abstract StorageEngine otherNode();

    private RetentionStore retention() {
        return storage().retentionStore();
    }

    private StreamName streamWith(EventName name, int events) {
        StreamName stream = uniqueStream();
        Stream claimed = Stream.claim(stream, producer("owner-1"));
        storage().eventStore().append(claimed, claimed.append(claimed.owner(), draft(name.value())));
        append(stream, name, events - 1);
        return stream;
    }

    private void append(StreamName name, EventName eventName, int events) {
        Stream stream = storage().eventStore().findStream(name).orElseThrow();
        for (int i = 0; i < events; i++) {
            storage().eventStore().append(stream, stream.append(stream.owner(), draft(eventName.value())));
        }
    }

    private static Retention maxEvents(long most) {
        return new Retention(Optional.empty(), Optional.of(most));
    }

    /** Removes until nothing is beyond retention; what every step removed. */
    private List<Removal> removeAll() {
        List<Removal> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            List<Removal> step = retention().removeExpired(Retention.UNLIMITED, STEP);
            if (step.isEmpty()) {
                return all;
            }
            all.addAll(step);
        }
        throw new AssertionError("removal never ended");
    }

    private static long removed(List<Removal> removals, StreamName stream) {
        return removals.stream().filter(removal -> removal.stream().equals(stream)).mapToLong(Removal::events).sum();
    }

    private List<Long> sequences(StreamName stream, EventName name) {
        return storage().eventStore().readAfter(stream, name, Sequence.ZERO, 1000).stream()
                .map(event -> event.sequence().value()).toList();
    }

    private ConsumerLag lag(StreamName stream, ConsumerId consumer, EventName name) {
        return storage().streamCatalog().consumerLags(stream, Optional.empty(), 1000).stream()
                .filter(lag -> lag.consumer().equals(consumer) && lag.eventName().equals(name))
                .findFirst().orElseThrow();
    }

    private void acknowledge(StreamName stream, ConsumerId consumer, long sequence) {
        assertTrue(storage().cursorStore().save(ConsumerCursor.at(consumer, stream, PAID, new Sequence(sequence))));
    }

    @Test
    void aStreamWithoutItsOwnRetentionHasNoneAndAnUnknownStreamIsNotFound() {
        StreamName stream = streamWith(PAID, 1);

        assertEquals(Optional.empty(), retention().find(stream));
        StreamName unknown = uniqueStream();
        assertThrows(StreamNotFound.class, () -> retention().find(unknown));
        assertThrows(StreamNotFound.class, () -> retention().save(unknown, maxEvents(1)));
    }

    @Test
    void aSavedRetentionReadsBackAsWrittenAndReplacesTheOneBefore() {
        StreamName stream = streamWith(PAID, 1);
        Retention week = new Retention(Optional.of(MaxAge.parse("P7D")), Optional.of(1_000_000L));

        retention().save(stream, week);
        assertEquals(Optional.of(week), retention().find(stream));
        retention().save(stream, Retention.UNLIMITED);
        assertEquals(Optional.of(Retention.UNLIMITED), retention().find(stream));
    }

    @Test
    void maxEventsKeepsTheNewestOfEachEventNameAndNeverRenumbers() {
        StreamName stream = streamWith(PAID, 7);
        append(stream, SHIPPED, 2);
        retention().save(stream, maxEvents(3));

        List<Removal> removals = removeAll();

        assertEquals(4, removed(removals, stream));
        assertEquals(List.of(5L, 6L, 7L), sequences(stream, PAID));
        assertEquals(List.of(1L, 2L), sequences(stream, SHIPPED));
        assertEquals(Map.of(PAID, new Sequence(5), SHIPPED, new Sequence(1)),
                retention().firstSequences(stream, List.of(PAID, SHIPPED, new EventName("Unknown"))));
        assertEquals(Optional.of(new Sequence(7)), storage().eventStore().lastSequence(stream, PAID));
        // a next event continues the sequence; nothing is reused
        append(stream, PAID, 1);
        assertEquals(List.of(5L, 6L, 7L, 8L), sequences(stream, PAID));
    }

    @Test
    void aRemovedEventIsNotFoundByItsIdAndAReaderBeforeTheFirstStoredOneStartsThere() {
        StreamName stream = streamWith(PAID, 4);
        RecordedEvent oldest = storage().eventStore().readAfter(stream, PAID, Sequence.ZERO, 1).getFirst();
        retention().save(stream, maxEvents(2));

        removeAll();

        assertEquals(Optional.empty(), storage().eventStore().findEvent(stream, oldest.id()));
        assertEquals(Optional.empty(), storage().eventStore().findPosition(stream, oldest.id()));
        assertEquals(List.of(3L), storage().eventStore().readAfter(stream, PAID, new Sequence(1), 1).stream()
                .map(event -> event.sequence().value()).toList());
    }

    @Test
    void eachCursorCountsTheRemovedEventsItsConsumerHadNotAcknowledgedAndItsLagOnlyStoredOnes() {
        StreamName stream = streamWith(PAID, 10);
        ConsumerId behind = new ConsumerId("behind-" + UUID.randomUUID());
        ConsumerId keptUp = new ConsumerId("kept-up-" + UUID.randomUUID());
        acknowledge(stream, behind, 2);
        acknowledge(stream, keptUp, 9);
        retention().save(stream, maxEvents(4));

        List<Removal> removals = removeAll();

        // 1..6 removed: "behind" had acknowledged 1 and 2, so 3..6 are lost to it; "kept-up" lost nothing
        assertEquals(6, removed(removals, stream));
        assertEquals(4, removals.stream().filter(removal -> removal.stream().equals(stream))
                .mapToLong(Removal::expiredUnacknowledged).sum());
        ConsumerLag lagging = lag(stream, behind, PAID);
        assertEquals(4, lagging.expiredUnacknowledged());
        assertEquals(new Sequence(2), lagging.offset(), "the offset is not rewritten");
        assertEquals(new Sequence(7), lagging.firstSequence());
        assertEquals(4, lagging.lag());
        assertTrue(lagging.oldestUnacknowledgedAt().isPresent());
        assertEquals(0, lag(stream, keptUp, PAID).expiredUnacknowledged());
        assertEquals(1, lag(stream, keptUp, PAID).lag());

        // counted once: removing again removes and counts nothing more
        assertEquals(0, removed(removeAll(), stream));
        assertEquals(4, lag(stream, behind, PAID).expiredUnacknowledged());
    }

    @Test
    void leasesAndDeadLettersGoWithTheirEventsAndALeasedReadStartsAtTheFirstStoredEvent() {
        StreamName stream = streamWith(PAID, 6);
        ConsumerId consumer = new ConsumerId("leaser-" + UUID.randomUUID());
        LeaseEventsService leases = new LeaseEventsService(storage().eventStore(), storage().leaseStore(),
                storage().idOwnership(), new Waiters(10), 1000, LeaseLimits.defaults());
        Login user = new Login("alice");
        LeasedPage page = leases.lease(new LeaseQuery(stream, consumer, PAID, 2, user, Duration.ZERO, 60,
                OptionalInt.empty(), OptionalInt.empty()));
        assertEquals(2, page.events().size());
        retention().save(stream, maxEvents(2));

        removeAll();

        // 1 and 2 were leased and never acknowledged, 3 and 4 never leased: all four lost to the consumer
        assertEquals(4, lag(stream, consumer, PAID).expiredUnacknowledged());
        assertEquals(0, storage().leaseStore().counts(stream, List.of(new ConsumerLag.Position(PAID, consumer)))
                .values().stream().mapToLong(counts -> counts.inFlight() + counts.deadLetters()).sum());
        LeasedPage next = leases.lease(new LeaseQuery(stream, consumer, PAID, 10, user, Duration.ZERO, 60,
                OptionalInt.empty(), OptionalInt.empty()));
        assertEquals(List.of(5L, 6L), next.events().stream().map(leased -> leased.event().sequence().value())
                .toList());
    }

    @Test
    void theIdempotencyKeyOfARemovedEventGoesWithIt() {
        StreamName stream = streamWith(PAID, 1);
        Stream owned = storage().eventStore().findStream(stream).orElseThrow();
        Idempotency key = new Idempotency(new IdempotencyKey("key-" + UUID.randomUUID()), "a".repeat(64));
        EventsAppended keyed = owned.append(owned.owner(), List.of(draft(PAID.value())));
        assertInstanceOf(AppendResult.Appended.class, storage().eventStore().append(keyed, Optional.of(key)));
        assertInstanceOf(AppendResult.Replayed.class, storage().eventStore().append(
                owned.append(owned.owner(), List.of(draft(PAID.value()))), Optional.of(key)));
        append(stream, PAID, 1);
        retention().save(stream, maxEvents(1));

        removeAll();

        // the key went with its event: the same request is a new publish now
        assertInstanceOf(AppendResult.Appended.class, storage().eventStore().append(
                owned.append(owned.owner(), List.of(draft(PAID.value()))), Optional.of(key)));
    }

    @Test
    void maxAgeRemovesTheEventsReceivedLongerAgoAndAllOfANameWhenAllAreOld() {
        StreamName stream = streamWith(PAID, 3);
        retention().save(stream, new Retention(Optional.of(MaxAge.parse("PT1S")), Optional.empty()));

        Eventually.within(Duration.ofSeconds(30), () -> {
            removeAll();
            assertEquals(List.of(), sequences(stream, PAID));
        });
        assertEquals(Map.of(PAID, new Sequence(4)), retention().firstSequences(stream, List.of(PAID)));
        assertEquals(Optional.of(new Sequence(3)), storage().eventStore().lastSequence(stream, PAID));
    }

    @Test
    void aDeletedStreamsRetentionAndFirstSequencesGoWithIt() {
        StreamName stream = streamWith(PAID, 3);
        retention().save(stream, maxEvents(1));
        removeAll();
        assertEquals(List.of(3L), sequences(stream, PAID));

        assertTrue(storage().eventStore().deleteStream(stream));

        assertThrows(StreamNotFound.class, () -> retention().find(stream));
        // the name claimed anew is a new stream: without the old one's retention, from sequence 1 (ADR 62)
        Stream claimed = Stream.claim(stream, producer("owner-2"));
        storage().eventStore().append(claimed, claimed.append(claimed.owner(), draft(PAID.value())));
        assertEquals(Optional.empty(), retention().find(stream));
        assertEquals(Map.of(PAID, new Sequence(1)), retention().firstSequences(stream, List.of(PAID)));
        assertEquals(List.of(1L), sequences(stream, PAID));
    }

    @Test
    void aStepRemovesAtMostItsSizeOfOneEventName() {
        StreamName stream = streamWith(PAID, 5);
        retention().save(stream, maxEvents(1));

        List<Removal> step = retention().removeExpired(Retention.UNLIMITED, 3);

        assertEquals(3, removed(step, stream));
        assertEquals(List.of(4L, 5L), sequences(stream, PAID));
        removeAll();
        assertEquals(List.of(5L), sequences(stream, PAID));
    }

    @Test
    void twoNodesRemovingAtOnceRemoveAndCountEveryEventOnce() throws Exception {
        StreamName stream = streamWith(PAID, 300);
        ConsumerId consumer = new ConsumerId("racer-" + UUID.randomUUID());
        acknowledge(stream, consumer, 50);
        retention().save(stream, maxEvents(10));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Long>> sweeps = new ArrayList<>();
            for (StorageEngine node : List.of(storage(), otherNode(), storage(), otherNode())) {
                sweeps.add(() -> {
                    long total = 0;
                    for (int i = 0; i < 10_000; i++) {
                        List<Removal> step = node.retentionStore().removeExpired(Retention.UNLIMITED, 7);
                        if (step.isEmpty() && sequences(stream, PAID).size() <= 10) {
                            return total;
                        }
                        total += removed(step, stream);
                    }
                    throw new AssertionError("removal never ended");
                });
            }
            long total = 0;
            for (Future<Long> sweep : pool.invokeAll(sweeps)) {
                total += sweep.get();
            }
            assertEquals(290, total);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(291L, 292L, 293L, 294L, 295L, 296L, 297L, 298L, 299L, 300L), sequences(stream, PAID));
        assertEquals(240, lag(stream, consumer, PAID).expiredUnacknowledged());
        assertEquals(Set.of(new Sequence(291)), Set.copyOf(retention().firstSequences(stream, List.of(PAID))
                .values()));
    }

    @Test
    void reclaimingTheSpaceOfRemovedEventsOnTwoNodesAtOnceKeepsWhatIsStored() throws Exception {
        StreamName stream = streamWith(PAID, 20);
        retention().save(stream, maxEvents(5));
        removeAll();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> reclaims = new ArrayList<>();
            for (StorageEngine node : List.of(storage(), otherNode())) {
                reclaims.add(pool.submit(() -> node.retentionStore().reclaimSpace()));
            }
            for (Future<?> reclaim : reclaims) {
                reclaim.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(16L, 17L, 18L, 19L, 20L), sequences(stream, PAID));
        append(stream, PAID, 1);
        assertEquals(21L, sequences(stream, PAID).getLast());
    }
}

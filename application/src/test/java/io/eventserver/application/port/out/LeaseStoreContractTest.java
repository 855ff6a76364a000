package io.eventserver.application.port.out;

import static io.eventserver.application.TestEvents.draft;
import static io.eventserver.application.TestEvents.producer;
import static io.eventserver.application.TestEvents.uniqueStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventserver.application.Eventually;
import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.LeaseCounts;
import io.eventserver.application.port.in.AcknowledgeEventUseCase.AcknowledgeEventCommand;
import io.eventserver.application.port.in.DeadLettersUseCase;
import io.eventserver.application.port.in.FinishEventsUseCase;
import io.eventserver.application.port.in.FinishEventsUseCase.Action;
import io.eventserver.application.port.in.LeaseEventsUseCase.LeaseQuery;
import io.eventserver.application.port.in.LeaseEventsUseCase.LeasedEvent;
import io.eventserver.application.port.in.LeaseEventsUseCase.LeasedPage;
import io.eventserver.application.port.in.LeaseLimits;
import io.eventserver.application.port.in.ResetOffsetUseCase.ResetOffsetCommand;
import io.eventserver.application.service.AcknowledgeEventService;
import io.eventserver.application.service.DeadLettersService;
import io.eventserver.application.service.FinishEventsService;
import io.eventserver.application.service.LeaseEventsService;
import io.eventserver.application.service.ResetOffsetService;
import io.eventserver.application.service.StreamTraffic;
import io.eventserver.application.service.Waiters;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.consumer.Acknowledgement;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.consumer.DeadLetterNotFound;
import io.eventserver.domain.consumer.EventNotLeased;
import io.eventserver.domain.consumer.LeaseCursor;
import io.eventserver.domain.consumer.LeaseDecision;
import io.eventserver.domain.consumer.LeaseEntry;
import io.eventserver.domain.consumer.LeaseState;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LeaseStore} must do (ADR 52), through the services that drive it — the rules are the domain's,
 * the store must keep them under concurrency, on one node and across two engines on the same storage (two nodes). An
 * adapter proves itself by extending this class.
 */
public abstract class LeaseStoreContractTest {

    private static final EventName PAID = new EventName("Paid");
    private static final Login USER = new Login("alice");

    /** The engine under test, opened once for the test class. */
    protected abstract StorageEngine storage();

    /** A second engine on the same storage: another node. */
    protected abstract StorageEngine otherNode();

    /** The services of one node, as bootstrap wires them. */
    private record Node(LeaseEventsService lease, AcknowledgeEventService acknowledge, FinishEventsService finish,
                        DeadLettersService deadLetters, ResetOffsetService reset, StorageEngine engine) {
    }

    private static final Map<StorageEngine, Node> NODES = new ConcurrentHashMap<>();

    private static Node node(StorageEngine engine) {
        return NODES.computeIfAbsent(engine, e -> {
            StreamTraffic traffic = new StreamTraffic(Clock.systemUTC());
            return new Node(new LeaseEventsService(e.eventStore(), e.leaseStore(), e.idOwnership(), new Waiters(100),
                    1000, LeaseLimits.defaults()),
                    new AcknowledgeEventService(e.eventStore(), e.cursorStore(), e.leaseStore(), e.idOwnership(),
                            traffic),
                    new FinishEventsService(e.eventStore(), e.leaseStore(), e.idOwnership(), traffic, 1000,
                            LeaseLimits.defaults()),
                    new DeadLettersService(e.eventStore(), e.leaseStore(), e.idOwnership(), 1000),
                    new ResetOffsetService(e.eventStore(), e.cursorStore(), e.leaseStore()), e);
        });
    }

    private Node one() {
        return node(storage());
    }

    private Node two() {
        return node(otherNode());
    }

    private static ConsumerId uniqueConsumer() {
        return new ConsumerId("leaser-" + UUID.randomUUID());
    }

    private StreamName streamWith(int events) {
        StreamName name = uniqueStream();
        Stream claimed = Stream.claim(name, producer("owner-1"));
        storage().eventStore().append(claimed, claimed.append(claimed.owner(), draft("Paid")));
        append(name, events - 1);
        return name;
    }

    private void append(StreamName name, int events) {
        Stream stream = storage().eventStore().findStream(name).orElseThrow();
        for (int i = 0; i < events; i++) {
            storage().eventStore().append(stream, stream.append(stream.owner(), draft("Paid")));
        }
    }

    private static LeasedPage lease(Node on, StreamName stream, ConsumerId consumer, int limit, int seconds) {
        return lease(on, stream, consumer, limit, seconds, OptionalInt.empty(), OptionalInt.empty());
    }

    private static LeasedPage lease(Node on, StreamName stream, ConsumerId consumer, int limit, int seconds,
                                    OptionalInt maxInFlight, OptionalInt maxDeliveries) {
        return on.lease().lease(new LeaseQuery(stream, consumer, PAID, limit, USER, Duration.ZERO, seconds,
                maxInFlight, maxDeliveries));
    }

    private static List<Long> sequences(LeasedPage page) {
        return page.events().stream().map(leased -> leased.event().sequence().value()).toList();
    }

    private static EventId id(LeasedPage page, long sequence) {
        return page.events().stream().filter(leased -> leased.event().sequence().value() == sequence).findFirst()
                .orElseThrow(() -> new AssertionError("no " + sequence + " in " + sequences(page))).event().id();
    }

    private int finish(Action action, StreamName stream, ConsumerId consumer, List<EventId> ids, int delay) {
        return one().finish().finish(new FinishEventsUseCase.FinishCommand(stream, consumer, action, ids,
                OptionalInt.of(delay), action == Action.EXTEND ? OptionalInt.of(delay) : OptionalInt.empty(), USER));
    }

    private Acknowledgement ack(StreamName stream, ConsumerId consumer, EventId id) {
        return one().acknowledge().acknowledge(new AcknowledgeEventCommand(stream, consumer, id, USER));
    }

    private Sequence offset(StreamName stream, ConsumerId consumer) {
        return storage().cursorStore().find(consumer, stream, PAID).map(ConsumerCursor::offset).orElse(Sequence.ZERO);
    }

    private List<DeadLettersUseCase.DeadLetter> deadLetters(StreamName stream, ConsumerId consumer) {
        return one().deadLetters().list(new DeadLettersUseCase.DeadLetterQuery(stream, consumer, PAID, Sequence.ZERO,
                100, new DeadLettersUseCase.Asker(USER, false))).deadLetters();
    }

    private static RecordedEvent event(StorageEngine engine, StreamName stream, long sequence) {
        return engine.eventStore().readAfter(stream, PAID, new Sequence(sequence - 1), 1).getFirst();
    }

    @Test
    void racingReadersOnTwoNodesGetDisjointEventsAndEveryEventOnce() throws Exception {
        int events = 300;
        StreamName stream = streamWith(events);
        ConsumerId consumer = uniqueConsumer();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> readers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int r = 0; r < 8; r++) {
                Node node = r % 2 == 0 ? one() : two();
                readers.add(threads.submit(() -> {
                    start.await();
                    for (int round = 0; round < 1000; round++) {
                        LeasedPage page = lease(node, stream, consumer, 7, 600);
                        if (page.events().isEmpty()) {
                            return null;
                        }
                        for (LeasedEvent leased : page.events()) {
                            assertEquals(1, leased.deliveries());
                            if (!seen.add(leased.event().sequence().value())) {
                                duplicates.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> reader : readers) {
                reader.get(120, TimeUnit.SECONDS);
            }
        }
        assertEquals(0, duplicates.get(), "an event leased to two readers at once");
        assertEquals(events, seen.size(), "every event leased");
        assertTrue(lease(one(), stream, consumer, 10, 600).events().isEmpty());
        assertEquals(Sequence.ZERO, offset(stream, consumer), "leasing finishes nothing");
    }

    @Test
    void aLeasedReadAnswersInSequenceOrderWithDeliveriesAndExpiry() {
        StreamName stream = streamWith(5);
        ConsumerId consumer = uniqueConsumer();

        LeasedPage page = lease(one(), stream, consumer, 3, 30);

        assertEquals(List.of(1L, 2L, 3L), sequences(page));
        for (LeasedEvent leased : page.events()) {
            assertEquals(1, leased.deliveries());
        }
        assertEquals(List.of(4L, 5L), sequences(lease(two(), stream, consumer, 3, 30)));
        assertEquals(List.of(), sequences(lease(one(), stream, consumer, 3, 30)));
        assertEquals(List.of(1L, 2L), sequences(lease(one(), stream, uniqueConsumer(), 2, 30)),
                "another consumer leases on its own");
    }

    @Test
    void anExpiredLeaseMakesTheEventLeasableAgainWithOneMoreDelivery() {
        StreamName stream = streamWith(1);
        ConsumerId consumer = uniqueConsumer();
        LeasedPage first = lease(one(), stream, consumer, 10, 1);
        assertEquals(List.of(1L), sequences(first));

        LeasedPage again = Eventually.within(Eventually.GENEROUS, () -> lease(two(), stream, consumer, 10, 30),
                page -> !page.events().isEmpty());

        assertEquals(List.of(1L), sequences(again));
        assertEquals(2, again.events().getFirst().deliveries());
        assertTrue(again.events().getFirst().leaseExpiresAt().isAfter(first.events().getFirst().leaseExpiresAt()));
    }

    @Test
    void aNackEndsTheLeaseAndTheEventIsLeasableAgainAfterItsDelay() {
        StreamName stream = streamWith(2);
        ConsumerId consumer = uniqueConsumer();
        LeasedPage page = lease(one(), stream, consumer, 2, 600);

        assertEquals(1, finish(Action.NACK, stream, consumer, List.of(id(page, 1)), 0));
        LeasedPage again = lease(two(), stream, consumer, 10, 600);
        assertEquals(List.of(1L), sequences(again), "a NACK without delay: leasable at once");
        assertEquals(2, again.events().getFirst().deliveries());

        finish(Action.NACK, stream, consumer, List.of(id(page, 2)), 2);
        assertEquals(List.of(), sequences(lease(one(), stream, consumer, 10, 600)), "not before its delay");
        assertEquals(List.of(2L), sequences(Eventually.within(Eventually.GENEROUS,
                () -> lease(two(), stream, consumer, 10, 600), leased -> !leased.events().isEmpty())));
    }

    @Test
    void aNackOrExtendOfAnEventNotLeasedIsRefusedAndChangesNothing() {
        StreamName stream = streamWith(3);
        ConsumerId consumer = uniqueConsumer();
        EventId never = event(storage(), stream, 3).id();
        LeasedPage page = lease(one(), stream, consumer, 1, 600);

        assertThrows(EventNotLeased.class, () -> finish(Action.NACK, stream, consumer, List.of(never), 0));
        assertThrows(EventNotLeased.class, () -> finish(Action.EXTEND, stream, consumer, List.of(never), 60));
        assertThrows(EventNotLeased.class,
                () -> finish(Action.NACK, stream, consumer, List.of(id(page, 1), never), 0));
        assertEquals(List.of(2L, 3L), sequences(lease(one(), stream, consumer, 5, 600)),
                "event 1 is still leased: the batch changed nothing");
    }

    @Test
    void anExtendMovesTheExpiryOfAnUnexpiredLease() {
        StreamName stream = streamWith(1);
        ConsumerId consumer = uniqueConsumer();
        LeasedPage page = lease(one(), stream, consumer, 1, 30);

        finish(Action.EXTEND, stream, consumer, List.of(id(page, 1)), 300);

        storage().leaseStore().change(consumer, stream, PAID, view -> {
            assertEquals(List.of(), view.leasable(view.now().plusSeconds(60), 10), "not expired after 30 s");
            assertEquals(1, view.inFlight(view.now().plusSeconds(60), 10));
            LeaseEntry entry = view.leasable(view.now().plusSeconds(301), 10).getFirst();
            assertEquals(LeaseState.LEASED, entry.state());
            assertEquals(1, entry.deliveries());
            return null;
        });
    }

    @Test
    void maxInFlightHoldsAcrossReadersOnEveryNode() {
        StreamName stream = streamWith(10);
        ConsumerId consumer = uniqueConsumer();
        OptionalInt three = OptionalInt.of(3);

        assertEquals(List.of(1L, 2L), sequences(lease(one(), stream, consumer, 2, 600, three, OptionalInt.empty())));
        assertEquals(List.of(3L), sequences(lease(two(), stream, consumer, 10, 600, three, OptionalInt.empty())));
        assertEquals(List.of(), sequences(lease(one(), stream, consumer, 10, 600, three, OptionalInt.empty())));
        assertEquals(Acknowledgement.EventAcknowledged.class, ack(stream, consumer,
                event(storage(), stream, 2).id()).getClass());
        assertEquals(List.of(4L), sequences(lease(two(), stream, consumer, 10, 600, three, OptionalInt.empty())));
    }

    @Test
    void maxInFlightOfOneGivesStrictOrderWithFailOverAfterExpiry() {
        StreamName stream = streamWith(3);
        ConsumerId consumer = uniqueConsumer();
        OptionalInt one = OptionalInt.of(1);
        assertEquals(List.of(1L), sequences(lease(one(), stream, consumer, 10, 1, one, OptionalInt.empty())));
        assertEquals(List.of(), sequences(lease(two(), stream, consumer, 10, 1, one, OptionalInt.empty())));

        LeasedPage failedOver = Eventually.within(Eventually.GENEROUS,
                () -> lease(two(), stream, consumer, 10, 600, one, OptionalInt.empty()),
                page -> !page.events().isEmpty());

        assertEquals(List.of(1L), sequences(failedOver), "the same event, to the other reader");
        assertEquals(2, failedOver.events().getFirst().deliveries());
    }

    /**
     * Issue 25: deleting a consumer takes its leases and dead letters too, on every node; it leases from the first
     * event again, each with one delivery.
     */
    @Test
    void aDeletedConsumerLosesItsLeasesAndDeadLettersAndStartsAgain() {
        StreamName stream = streamWith(3);
        ConsumerId consumer = uniqueConsumer();
        OptionalInt once = OptionalInt.of(1);
        EventId poison = id(lease(one(), stream, consumer, 1, 600, OptionalInt.empty(), once), 1);
        finish(Action.NACK, stream, consumer, List.of(poison), 0);
        lease(two(), stream, consumer, 1, 600, OptionalInt.empty(), once);
        assertEquals(1, deadLetters(stream, consumer).size());

        assertTrue(storage().cursorStore().deleteConsumer(consumer, stream));

        assertEquals(List.of(), deadLetters(stream, consumer));
        assertEquals(Sequence.ZERO, offset(stream, consumer));
        LeasedPage again = lease(two(), stream, consumer, 3, 600);
        assertEquals(List.of(1L, 2L, 3L), sequences(again));
        assertTrue(again.events().stream().allMatch(leased -> leased.deliveries() == 1));
        ack(stream, consumer, id(again, 3));
    }

    /** Issue 25: a redacted event leased to a consumer is still acknowledged, and its lease is still its own. */
    @Test
    void aRedactedLeasedEventIsAcknowledgedAsBefore() {
        StreamName stream = streamWith(2);
        ConsumerId consumer = uniqueConsumer();
        LeasedPage page = lease(one(), stream, consumer, 2, 600);
        RecordedEvent first = event(storage(), stream, 1);
        storage().eventStore().redact(stream, first.id(), io.eventserver.domain.event.Redaction.of(first.name(),
                first.document()));

        ack(stream, consumer, id(page, 1));
        ack(stream, consumer, id(page, 2));

        assertEquals(new Sequence(2), offset(stream, consumer));
        assertTrue(event(otherNode(), stream, 1).redacted());
    }

    /** Issue 25: a deleted stream takes its consumers' leases with it; a new stream of that name starts afresh. */
    @Test
    void aDeletedStreamTakesItsLeasesWithIt() {
        StreamName stream = streamWith(2);
        ConsumerId consumer = uniqueConsumer();
        lease(one(), stream, consumer, 2, 600);

        assertTrue(storage().eventStore().deleteStream(stream));
        Stream reborn = Stream.claim(stream, producer("owner-2"));
        storage().eventStore().append(reborn, reborn.append(reborn.owner(), draft("Paid")));

        assertEquals(Sequence.ZERO, offset(stream, consumer));
        LeasedPage page = lease(two(), stream, consumer, 2, 600);
        assertEquals(List.of(1L), sequences(page));
        assertEquals(1, page.events().getFirst().deliveries());
    }

    @Test
    void anEventLeasedMaxDeliveriesTimesIsDeadLetteredAndListed() {
        StreamName stream = streamWith(2);
        ConsumerId consumer = uniqueConsumer();
        OptionalInt twice = OptionalInt.of(2);
        LeasedPage first = lease(one(), stream, consumer, 1, 600, OptionalInt.empty(), twice);
        EventId poison = id(first, 1);
        finish(Action.NACK, stream, consumer, List.of(poison), 0);
        assertEquals(2, lease(two(), stream, consumer, 1, 600, OptionalInt.empty(), twice).events().getFirst()
                .deliveries());
        finish(Action.NACK, stream, consumer, List.of(poison), 0);

        LeasedPage third = lease(one(), stream, consumer, 1, 600, OptionalInt.empty(), twice);

        assertEquals(List.of(2L), sequences(third), "dead-lettered instead of leased, and the next one leased");
        assertEquals(1, third.deadLettered());
        List<DeadLettersUseCase.DeadLetter> dead = deadLetters(stream, consumer);
        assertEquals(1, dead.size());
        assertEquals(poison, dead.getFirst().event().id());
        assertEquals(2, dead.getFirst().deliveries());
        assertEquals(new Sequence(1), offset(stream, consumer), "over the dead letter; event 2 is still leased");
        ack(stream, consumer, id(third, 2));
        assertEquals(new Sequence(2), offset(stream, consumer), "over the dead letter and the acknowledged event");
    }

    @Test
    void theOffsetMovesOverAMixOfAcknowledgedAndDeadLetteredEventsOnly() {
        StreamName stream = streamWith(6);
        ConsumerId consumer = uniqueConsumer();
        OptionalInt once = OptionalInt.of(1);
        LeasedPage page = lease(one(), stream, consumer, 5, 600, OptionalInt.empty(), once);
        for (long s : List.of(3L, 4L, 5L)) {
            ack(stream, consumer, id(page, s));
        }
        assertEquals(Sequence.ZERO, offset(stream, consumer), "event 1 is unfinished");
        ack(stream, consumer, id(page, 1));
        assertEquals(new Sequence(1), offset(stream, consumer), "event 2 is unfinished");
        finish(Action.NACK, stream, consumer, List.of(id(page, 2)), 0);
        assertEquals(new Sequence(1), offset(stream, consumer), "a released event is unfinished");

        LeasedPage next = lease(two(), stream, consumer, 5, 600, OptionalInt.empty(), once);

        assertEquals(List.of(6L), sequences(next), "event 2 dead-lettered, event 6 leased");
        assertEquals(new Sequence(5), offset(stream, consumer), "over the dead letter, never past an unfinished event");
        ack(stream, consumer, id(next, 6));
        assertEquals(new Sequence(6), offset(stream, consumer));
        assertEquals(1, deadLetters(stream, consumer).size());
    }

    @Test
    void theOneStepLeaseLeasesWhatTheRulesWouldOrChangesNothing() {
        StreamName stream = streamWith(6);
        ConsumerId consumer = uniqueConsumer();
        LeaseStore store = storage().leaseStore();
        Duration minute = Duration.ofMinutes(1);
        assertEquals(Optional.empty(), store.leaseNeverLeased(consumer, stream, PAID, 2, minute), "no cursor yet");
        LeasedPage first = lease(one(), stream, consumer, 2, 600);

        Optional<List<LeaseDecision.Grant>> step = store.leaseNeverLeased(consumer, stream, PAID, 2, minute);

        Assumptions.assumeTrue(step.isPresent(), "this engine leases through the general path only");
        assertEquals(List.of(3L, 4L), step.get().stream().map(grant -> grant.sequence().value()).toList());
        assertTrue(step.get().stream().allMatch(grant -> grant.deliveries() == 1));
        Instant expiry = step.get().getFirst().expiresAt();
        assertTrue(expiry.isAfter(Instant.now().plusSeconds(30)) && expiry.isBefore(Instant.now().plusSeconds(90)),
                "a minute from the storage's clock: " + expiry);
        finish(Action.NACK, stream, consumer, List.of(id(first, 2)), 0);
        assertEquals(Optional.empty(), store.leaseNeverLeased(consumer, stream, PAID, 2, minute),
                "an entry is leasable: the rules lease it first");
        assertEquals(List.of(2L, 5L, 6L), sequences(lease(two(), stream, consumer, 5, 600)),
                "the declined step changed nothing");
        assertEquals(Optional.empty(), store.leaseNeverLeased(consumer, stream, PAID, 2, minute),
                "every event leased");
        assertEquals(3, finish(Action.ACK, stream, consumer, List.of(id(first, 1), id(first, 2),
                event(storage(), stream, 3).id()), 0));
        assertEquals(new Sequence(3), offset(stream, consumer), "events 4..6 are leased");
    }

    @Test
    void theOneStepAcknowledgementDoesWhatTheRulesWouldOrChangesNothing() {
        StreamName stream = streamWith(5);
        ConsumerId consumer = uniqueConsumer();
        LeaseStore store = storage().leaseStore();
        LeasedPage page = lease(one(), stream, consumer, 5, 600);

        OptionalLong step = store.acknowledgeEntries(consumer, stream, PAID, List.of(new Sequence(2),
                new Sequence(3)));

        Assumptions.assumeTrue(step.isPresent(), "this engine acknowledges through the general path only");
        assertEquals(0, step.getAsLong(), "event 1 is unfinished");
        assertEquals(Sequence.ZERO, offset(stream, consumer));
        assertEquals(OptionalLong.of(3), store.acknowledgeEntries(consumer, stream, PAID, List.of(new Sequence(1))));
        assertEquals(new Sequence(3), offset(stream, consumer), "over the run of acknowledged events");
        assertEquals(OptionalLong.empty(), store.acknowledgeEntries(consumer, stream, PAID, List.of(new Sequence(4),
                new Sequence(2))), "event 2 has no entry any more");
        assertEquals(1, finish(Action.NACK, stream, consumer, List.of(id(page, 4)), 0),
                "the declined step changed nothing: event 4 is still leased");
        assertEquals(new Sequence(3), offset(stream, consumer));
        assertEquals(OptionalLong.of(2), store.acknowledgeEntries(consumer, stream, PAID, List.of(new Sequence(5),
                new Sequence(4))), "a released entry is acknowledged too");
        assertEquals(new Sequence(5), offset(stream, consumer));
        assertEquals(OptionalLong.empty(), store.acknowledgeEntries(uniqueConsumer(), stream, PAID,
                List.of(new Sequence(1))), "a consumer without entries");
    }

    @Test
    void aBatchWithOneUnknownIdChangesNothing() {
        StreamName stream = streamWith(3);
        ConsumerId consumer = uniqueConsumer();
        LeasedPage page = lease(one(), stream, consumer, 3, 600);
        List<EventId> ids = new ArrayList<>(page.events().stream().map(leased -> leased.event().id()).toList());
        ids.add(1, EventId.generate());

        assertThrows(EventNotFound.class, () -> finish(Action.ACK, stream, consumer, ids, 0));

        assertEquals(Sequence.ZERO, offset(stream, consumer));
        assertEquals(1, finish(Action.NACK, stream, consumer, List.of(id(page, 1)), 600), "still leased");
        assertEquals(3, finish(Action.ACK, stream, consumer, List.of(id(page, 3), id(page, 2), id(page, 1),
                id(page, 3)), 0), "three distinct events");
        assertEquals(new Sequence(3), offset(stream, consumer));
    }

    @Test
    void aCumulativeAckEndsTheLeasesAtOrBelowItButKeepsDeadLetters() {
        StreamName stream = streamWith(8);
        ConsumerId consumer = uniqueConsumer();
        OptionalInt once = OptionalInt.of(1);
        LeasedPage page = lease(one(), stream, consumer, 3, 600, OptionalInt.empty(), once);
        finish(Action.NACK, stream, consumer, List.of(id(page, 1)), 0);
        assertEquals(List.of(4L), sequences(lease(one(), stream, consumer, 1, 600, OptionalInt.empty(), once)));
        assertEquals(1, deadLetters(stream, consumer).size());

        Acknowledgement cumulative = ack(stream, consumer, event(storage(), stream, 6).id());

        assertInstanceOf(Acknowledgement.OffsetMoved.class, cumulative);
        assertEquals(new Sequence(6), offset(stream, consumer));
        assertThrows(EventNotLeased.class, () -> finish(Action.NACK, stream, consumer, List.of(id(page, 2)), 0),
                "its lease ended");
        assertEquals(1, deadLetters(stream, consumer).size(), "the dead letter stays listed");
        assertEquals(List.of(7L, 8L), sequences(lease(two(), stream, consumer, 5, 600)));
        assertInstanceOf(Acknowledgement.AlreadyAcknowledged.class, ack(stream, consumer, id(page, 3)));
        assertEquals(new LeaseCounts(2, 1), storage().leaseStore().counts(stream,
                List.of(new ConsumerLag.Position(PAID, consumer))).get(new ConsumerLag.Position(PAID, consumer)));
    }

    @Test
    void aRetriedDeadLetterBelowTheOffsetIsLeasedAgainFromZeroDeliveries() {
        StreamName stream = streamWith(3);
        ConsumerId consumer = uniqueConsumer();
        OptionalInt once = OptionalInt.of(1);
        LeasedPage page = lease(one(), stream, consumer, 3, 600, OptionalInt.empty(), once);
        finish(Action.NACK, stream, consumer, List.of(id(page, 1)), 0);
        lease(one(), stream, consumer, 3, 600, OptionalInt.empty(), once);
        finish(Action.ACK, stream, consumer, List.of(id(page, 2), id(page, 3)), 0);
        assertEquals(new Sequence(3), offset(stream, consumer));
        EventId dead = id(page, 1);

        one().deadLetters().retry(new DeadLettersUseCase.DeadLetterCommand(stream, consumer, dead,
                new DeadLettersUseCase.Asker(USER, false)));

        assertEquals(List.of(), deadLetters(stream, consumer));
        LeasedPage again = lease(two(), stream, consumer, 5, 600, OptionalInt.empty(), once);
        assertEquals(List.of(1L), sequences(again), "below the offset, yet leased");
        assertEquals(1, again.events().getFirst().deliveries(), "counted from 0 again");
        assertInstanceOf(Acknowledgement.EventAcknowledged.class, ack(stream, consumer, dead));
        assertEquals(new Sequence(3), offset(stream, consumer));
        assertEquals(List.of(), sequences(lease(one(), stream, consumer, 5, 600)));
        assertEquals(List.of(), deadLetters(stream, consumer));
    }

    @Test
    void aDeletedDeadLetterIsNoLongerListedAndStaysDone() {
        StreamName stream = streamWith(2);
        ConsumerId consumer = uniqueConsumer();
        OptionalInt once = OptionalInt.of(1);
        LeasedPage page = lease(one(), stream, consumer, 2, 600, OptionalInt.empty(), once);
        finish(Action.NACK, stream, consumer, List.of(id(page, 1)), 0);
        lease(one(), stream, consumer, 2, 600, OptionalInt.empty(), once);
        DeadLettersUseCase.DeadLetterCommand command = new DeadLettersUseCase.DeadLetterCommand(stream, consumer,
                id(page, 1), new DeadLettersUseCase.Asker(USER, false));

        one().deadLetters().delete(command);

        assertEquals(List.of(), deadLetters(stream, consumer));
        assertThrows(DeadLetterNotFound.class, () -> one().deadLetters().retry(command));
        assertThrows(DeadLetterNotFound.class, () -> one().deadLetters().delete(command));
        assertThrows(DeadLetterNotFound.class, () -> one().deadLetters().retry(new DeadLettersUseCase
                .DeadLetterCommand(stream, consumer, id(page, 2), new DeadLettersUseCase.Asker(USER, false))),
                "a leased event is no dead letter");
        ack(stream, consumer, id(page, 2));
        assertEquals(new Sequence(2), offset(stream, consumer), "the deleted dead letter counts as done");
        assertEquals(List.of(), sequences(lease(one(), stream, consumer, 5, 600)));
    }

    @Test
    void deadLettersComePageByPageInSequenceOrder() {
        StreamName stream = streamWith(5);
        ConsumerId consumer = uniqueConsumer();
        OptionalInt once = OptionalInt.of(1);
        LeasedPage page = lease(one(), stream, consumer, 5, 600, OptionalInt.empty(), once);
        finish(Action.NACK, stream, consumer, page.events().stream().map(leased -> leased.event().id()).toList(), 0);
        assertEquals(5, lease(one(), stream, consumer, 5, 600, OptionalInt.empty(), once).deadLettered());
        assertEquals(new Sequence(5), offset(stream, consumer));

        DeadLettersUseCase.DeadLetterPage first = one().deadLetters().list(new DeadLettersUseCase.DeadLetterQuery(
                stream, consumer, PAID, Sequence.ZERO, 2, new DeadLettersUseCase.Asker(USER, true)));
        assertEquals(List.of(1L, 2L), first.deadLetters().stream().map(d -> d.event().sequence().value()).toList());
        assertEquals(Optional.of(new Sequence(2)), first.next());
        DeadLettersUseCase.DeadLetterPage last = one().deadLetters().list(new DeadLettersUseCase.DeadLetterQuery(
                stream, consumer, PAID, new Sequence(4), 2, new DeadLettersUseCase.Asker(USER, true)));
        assertEquals(List.of(5L), last.deadLetters().stream().map(d -> d.event().sequence().value()).toList());
        assertEquals(Optional.empty(), last.next());
    }

    @Test
    void anOperatorsResetBackwardsForgetsTheLeasesAboveIt() {
        StreamName stream = streamWith(4);
        ConsumerId consumer = uniqueConsumer();
        LeasedPage page = lease(one(), stream, consumer, 4, 600);
        finish(Action.ACK, stream, consumer, List.of(id(page, 1), id(page, 2)), 0);
        assertEquals(new Sequence(2), offset(stream, consumer));

        one().reset().reset(new ResetOffsetCommand(stream, consumer, PAID, Sequence.ZERO, new Login("operator")));

        assertEquals(Sequence.ZERO, offset(stream, consumer));
        LeasedPage replay = lease(two(), stream, consumer, 10, 600);
        assertEquals(List.of(1L, 2L, 3L, 4L), sequences(replay));
        for (LeasedEvent leased : replay.events()) {
            assertEquals(1, leased.deliveries(), "leased as new");
        }
        one().reset().reset(new ResetOffsetCommand(stream, consumer, PAID, new Sequence(3), new Login("operator")));
        assertEquals(new Sequence(3), offset(stream, consumer));
        assertEquals(1, finish(Action.NACK, stream, consumer, List.of(id(replay, 4)), 0), "above it: still leased");
        assertThrows(EventNotLeased.class, () -> finish(Action.NACK, stream, consumer, List.of(id(replay, 3)), 0));
    }

    @Test
    void aCursorWithLeasesIsNotMovedByAPlainSave() {
        StreamName stream = streamWith(3);
        ConsumerId consumer = uniqueConsumer();
        lease(one(), stream, consumer, 1, 600);

        assertFalse(storage().cursorStore().save(ConsumerCursor.at(consumer, stream, PAID, new Sequence(3))));
        assertFalse(storage().cursorStore().overwrite(ConsumerCursor.at(consumer, stream, PAID, new Sequence(3))));

        ConsumerCursor cursor = storage().cursorStore().find(consumer, stream, PAID).orElseThrow();
        assertEquals(Sequence.ZERO, cursor.offset());
        assertEquals(new Sequence(1), cursor.leasedThrough());
        ConsumerId plain = uniqueConsumer();
        assertTrue(storage().cursorStore().save(ConsumerCursor.at(plain, stream, PAID, new Sequence(2))));
        assertTrue(storage().cursorStore().save(ConsumerCursor.at(plain, stream, PAID, new Sequence(1))),
                "nothing refused, the higher offset stays");
        assertEquals(new Sequence(2), offset(stream, plain));
    }

    @Test
    void workThatFailsChangesNothing() {
        StreamName stream = streamWith(3);
        ConsumerId consumer = uniqueConsumer();
        lease(one(), stream, consumer, 1, 600);

        assertThrows(IllegalStateException.class, () -> storage().leaseStore().change(consumer, stream, PAID, view -> {
            view.leaseFresh(new LeaseDecision.FreshLeases(new Sequence(2), new Sequence(3), view.now()
                    .plusSeconds(60)));
            view.setCursor(new Sequence(1), new Sequence(3));
            throw new IllegalStateException("planted");
        }));

        ConsumerCursor cursor = storage().cursorStore().find(consumer, stream, PAID).orElseThrow();
        assertEquals(new LeaseCursor(Sequence.ZERO, new Sequence(1), new Sequence(3)),
                new LeaseCursor(cursor.offset(), cursor.leasedThrough(), new Sequence(3)));
        assertEquals(List.of(2L, 3L), sequences(lease(two(), stream, consumer, 5, 600)));
    }

    @Test
    void theViewReadsWhatItWroteAndFindsEntriesById() {
        StreamName stream = streamWith(4);
        ConsumerId consumer = uniqueConsumer();
        EventId third = event(storage(), stream, 3).id();
        storage().leaseStore().change(consumer, stream, List.of(PAID), views -> {
            LeaseStore.Leases view = views.get(PAID);
            assertEquals(new LeaseCursor(Sequence.ZERO, Sequence.ZERO, new Sequence(4)), view.cursor());
            view.leaseFresh(new LeaseDecision.FreshLeases(new Sequence(1), new Sequence(3),
                    view.now().plusSeconds(10)));
            assertEquals(new Sequence(3), view.cursor().leasedThrough());
            assertEquals(3, view.inFlight(view.now(), 10));
            assertEquals(2, view.inFlight(view.now(), 2), "counted up to the most asked");
            Map<Sequence, LeaseEntry> entries = view.entries(List.of(new Sequence(3), new Sequence(4)));
            assertEquals(Set.of(new Sequence(3)), entries.keySet());
            assertEquals(third, entries.get(new Sequence(3)).eventId());
            view.remove(List.of(new Sequence(3)));
            view.put(List.of(view.entries(List.of(new Sequence(2))).get(new Sequence(2)).released(view.now())));
            assertEquals(List.of(new Sequence(2)), view.leasable(view.now(), 10).stream().map(LeaseEntry::sequence)
                    .toList());
            assertEquals(Optional.of(new Sequence(1)), view.firstUnfinishedAfter(Sequence.ZERO));
            assertEquals(Optional.of(new Sequence(2)), view.firstUnfinishedAfter(new Sequence(1)));
            assertEquals(Optional.empty(), view.firstUnfinishedAfter(new Sequence(2)));
            assertEquals(Map.of(), view.entries(List.of(new Sequence(3))));
            view.setCursor(new Sequence(3), new Sequence(3));
            assertEquals(new LeaseCursor(new Sequence(3), new Sequence(3), new Sequence(4)), view.cursor());
            assertEquals(List.of(), view.leasable(view.now(), 10), "entries at or below the offset are inert");
            return null;
        });
        Map<EventId, io.eventserver.domain.event.EventPosition> found = storage().leaseStore().find(consumer, stream,
                List.of(event(storage(), stream, 1).id(), third, EventId.generate()));
        assertEquals(Set.of(event(storage(), stream, 1).id()), found.keySet());
        assertEquals(new Sequence(1), found.get(event(storage(), stream, 1).id()).sequence());
        assertEquals(Map.of(), storage().leaseStore().find(consumer, streamWith(1), List.of(third)),
                "in this stream only");
    }

    @Test
    void aLookWithoutTheLockTellsWhatCouldBeLeasedAndWhen() {
        StreamName stream = streamWith(2);
        ConsumerId consumer = uniqueConsumer();
        assertEquals(Optional.empty(), storage().leaseStore().peek(consumer, stream, new EventName("Nothing"), 0));
        LeaseStore.Snapshot fresh = storage().leaseStore().peek(consumer, stream, PAID, 10).orElseThrow();
        assertEquals(new LeaseCursor(Sequence.ZERO, Sequence.ZERO, new Sequence(2)), fresh.cursor());
        assertFalse(fresh.entryLeasable());
        assertEquals(Optional.empty(), fresh.nextLeasableAt());

        LeasedPage page = lease(one(), stream, consumer, 2, 600);
        finish(Action.NACK, stream, consumer, List.of(id(page, 1)), 0);

        LeaseStore.Snapshot seen = otherNode().leaseStore().peek(consumer, stream, PAID, 10).orElseThrow();
        assertEquals(new LeaseCursor(Sequence.ZERO, new Sequence(2), new Sequence(2)), seen.cursor());
        assertTrue(seen.entryLeasable());
        assertEquals(1, seen.inFlight());
        assertEquals(0, storage().leaseStore().peek(consumer, stream, PAID, 0).orElseThrow().inFlight(),
                "not counted");
        Duration untilExpiry = Duration.between(seen.now(), seen.nextLeasableAt().orElseThrow());
        assertTrue(untilExpiry.compareTo(Duration.ofSeconds(500)) > 0 && untilExpiry.compareTo(Duration.ofSeconds(600))
                <= 0, untilExpiry.toString());
    }

    @Test
    void theConsumersCountTheirEventsInFlightAndTheirDeadLetters() {
        StreamName stream = streamWith(4);
        ConsumerId consumer = uniqueConsumer();
        ConsumerId plain = uniqueConsumer();
        ack(stream, plain, event(storage(), stream, 2).id());
        OptionalInt once = OptionalInt.of(1);
        LeasedPage page = lease(one(), stream, consumer, 3, 600, OptionalInt.empty(), once);
        finish(Action.NACK, stream, consumer, List.of(id(page, 1)), 0);
        lease(one(), stream, consumer, 1, 600, OptionalInt.empty(), once);

        Map<ConsumerLag.Position, LeaseCounts> counts = otherNode().leaseStore().counts(stream,
                List.of(new ConsumerLag.Position(PAID, consumer), new ConsumerLag.Position(PAID, plain)));

        assertEquals(new LeaseCounts(3, 1), counts.get(new ConsumerLag.Position(PAID, consumer)),
                "events 2, 3 and 4 in flight, 1 dead");
        assertEquals(LeaseCounts.NONE, counts.getOrDefault(new ConsumerLag.Position(PAID, plain), LeaseCounts.NONE));
        assertEquals(Map.of(), storage().leaseStore().counts(stream, List.of()));
    }
}

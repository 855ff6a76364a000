package io.eventserver.domain.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.Sequence;
import org.junit.jupiter.api.Test;

/** The rules of leased reads (ADR 52), without storage: a cursor and entries in, a decision out. */
class ConsumerLeasesTest {

    private static final ConsumerId CONSUMER = new ConsumerId("billing");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private static Sequence seq(long value) {
        return new Sequence(value);
    }

    private static ConsumerLeases leases(long offset, long leasedThrough, long last) {
        return new ConsumerLeases(CONSUMER, new LeaseCursor(seq(offset), seq(leasedThrough), seq(last)));
    }

    private static LeaseRequest request(int limit) {
        return new LeaseRequest(limit, LEASE, OptionalInt.empty(), 5);
    }

    private static LeaseEntry entry(long sequence, LeaseState state, int deliveries, Instant until) {
        if (state == LeaseState.DEAD_LETTERED) {
            return LeaseEntry.of(seq(sequence), new EventId(new UUID(0, sequence)), LeaseState.LEASED, deliveries,
                    until, false).deadLettered(until);
        }
        return LeaseEntry.of(seq(sequence), new EventId(new UUID(0, sequence)), state, deliveries, until, false);
    }

    @Test
    void aFirstReadLeasesTheEventsAfterTheOffsetForTheFirstTime() {
        LeaseDecision decision = leases(2, 0, 10).lease(request(3), NOW, 3, List.of(), false);

        assertEquals(List.of(new LeaseDecision.Grant(seq(3), 1, NOW.plus(LEASE)),
                new LeaseDecision.Grant(seq(4), 1, NOW.plus(LEASE)),
                new LeaseDecision.Grant(seq(5), 1, NOW.plus(LEASE))), decision.grants());
        assertEquals(seq(5), decision.leasedThrough());
        assertFalse(decision.incomplete());
    }

    @Test
    void eventsNeverLeasedStartAboveLeasedThroughAndStopAtTheLastEvent() {
        LeaseDecision decision = leases(2, 8, 10).lease(request(5), NOW, 5, List.of(), false);

        assertEquals(List.of(seq(9), seq(10)), decision.grants().stream().map(LeaseDecision.Grant::sequence).toList());
        assertEquals(seq(10), decision.leasedThrough());
        assertTrue(leases(2, 10, 10).lease(request(5), NOW, 5, List.of(), false).grants().isEmpty());
    }

    @Test
    void expiredLeasesAndPassedDelaysAreLeasedAgainFirstWithOneMoreDelivery() {
        LeaseEntry expired = entry(4, LeaseState.LEASED, 1, NOW.minusSeconds(1));
        LeaseEntry released = entry(6, LeaseState.RELEASED, 2, NOW);

        LeaseDecision decision = leases(3, 8, 12).lease(request(4), NOW, 4, List.of(expired, released), false);

        assertEquals(List.of(new LeaseDecision.Grant(seq(4), 2, NOW.plus(LEASE)),
                new LeaseDecision.Grant(seq(6), 3, NOW.plus(LEASE)),
                new LeaseDecision.Grant(seq(9), 1, NOW.plus(LEASE)),
                new LeaseDecision.Grant(seq(10), 1, NOW.plus(LEASE))), decision.grants());
        assertEquals(LeaseState.LEASED, decision.leasedAgain().getFirst().state());
    }

    @Test
    void anEventLeasedMaxDeliveriesTimesIsDeadLetteredInsteadAndDoesNotCount() {
        LeaseEntry poison = entry(4, LeaseState.LEASED, 5, NOW.minusSeconds(1));

        LeaseDecision decision = leases(3, 4, 6).lease(request(2), NOW, 2, List.of(poison), false);

        assertEquals(List.of(seq(5), seq(6)), decision.grants().stream().map(LeaseDecision.Grant::sequence).toList());
        LeaseEntry dead = decision.deadLettered().getFirst();
        assertEquals(LeaseState.DEAD_LETTERED, dead.state());
        assertEquals(Optional.of(NOW), dead.deadLetteredAt());
        assertEquals(5, dead.deliveries());
    }

    @Test
    void whenMoreLeasableEntriesMayExistNoEventIsLeasedForTheFirstTimeBeforeThem() {
        LeaseEntry poison = entry(4, LeaseState.LEASED, 5, NOW.minusSeconds(1));

        LeaseDecision decision = leases(3, 9, 20).lease(request(1), NOW, 1, List.of(poison), true);

        assertTrue(decision.grants().isEmpty());
        assertTrue(decision.incomplete(), "decide again with the next leasable entries");
        assertEquals(seq(9), decision.leasedThrough());
    }

    @Test
    void roomUnderMaxInFlightCountsWhatIsLeasedAcrossReaders() {
        LeaseRequest one = new LeaseRequest(10, LEASE, OptionalInt.of(1), 5);
        assertEquals(1, one.room(0));
        assertEquals(0, one.room(1));
        assertEquals(10, request(10).room(1_000));
        assertEquals(3, new LeaseRequest(10, LEASE, OptionalInt.of(5), 5).room(2));

        assertFalse(leases(0, 3, 10).couldLease(one, 1, true), "no room: no lock needed");
        assertFalse(leases(0, 10, 10).couldLease(request(5), 0, false), "nothing leasable, nothing new");
        assertTrue(leases(0, 10, 10).couldLease(request(5), 0, true));
        assertTrue(leases(0, 9, 10).couldLease(request(5), 0, false));
    }

    @Test
    void entriesThatAreNotLeasableOrOutOfOrderAreRefused() {
        LeaseEntry leased = entry(4, LeaseState.LEASED, 1, NOW.plusSeconds(5));
        assertThrows(IllegalArgumentException.class,
                () -> leases(3, 4, 6).lease(request(2), NOW, 2, List.of(leased), false));
        LeaseEntry five = entry(5, LeaseState.RELEASED, 1, NOW);
        LeaseEntry four = entry(4, LeaseState.RELEASED, 1, NOW);
        assertThrows(IllegalArgumentException.class,
                () -> leases(3, 5, 6).lease(request(2), NOW, 2, List.of(five, four), false));
    }

    @Test
    void anAckOfAnEventEverLeasedFinishesThatOneEventEvenAfterItsLeaseExpired() {
        LeaseEntry expired = entry(5, LeaseState.LEASED, 1, NOW.minusSeconds(60));

        LeaseChange change = leases(3, 8, 10).acknowledge(seq(5), Optional.of(expired));

        assertEquals(new LeaseChange.Remove(seq(5)), change, "an acknowledged event keeps no entry");
    }

    @Test
    void anAckOfAnEventNeverLeasedIsCumulative() {
        assertEquals(new LeaseChange.AcknowledgeThrough(seq(9)), leases(3, 8, 10).acknowledge(seq(9),
                Optional.empty()));
        assertEquals(new LeaseChange.AcknowledgeThrough(seq(4)), leases(3, 0, 10).acknowledge(seq(4),
                Optional.empty()));
    }

    @Test
    void anAckAtOrBelowTheOffsetChangesNothingButFinishesARetriedDeadLetter() {
        assertInstanceOf(LeaseChange.Unchanged.class, leases(3, 8, 10).acknowledge(seq(3), Optional.empty()));
        assertInstanceOf(LeaseChange.Unchanged.class, leases(3, 8, 10).acknowledge(seq(1), Optional.empty()));
        assertInstanceOf(LeaseChange.Unchanged.class, leases(3, 8, 10).acknowledge(seq(6), Optional.empty()),
                "leased, and without an entry: acknowledged already");
        LeaseEntry retried = entry(2, LeaseState.DEAD_LETTERED, 5, NOW).retried(NOW).leasedAgain(NOW, LEASE);

        assertEquals(new LeaseChange.Remove(seq(2)), leases(3, 8, 10).acknowledge(seq(2), Optional.of(retried)));
    }

    @Test
    void anAckOfADeadLetterFinishesIt() {
        LeaseEntry dead = entry(5, LeaseState.DEAD_LETTERED, 5, NOW);
        assertEquals(new LeaseChange.Remove(seq(5)), leases(3, 8, 10).acknowledge(seq(5), Optional.of(dead)));
        assertEquals(new LeaseChange.Remove(seq(2)), leases(3, 8, 10).acknowledge(seq(2),
                Optional.of(entry(2, LeaseState.DEAD_LETTERED, 5, NOW))));
    }

    @Test
    void aNackEndsAnUnexpiredLeaseAndMakesTheEventLeasableAfterTheDelay() {
        LeaseEntry leased = entry(5, LeaseState.LEASED, 1, NOW.plusSeconds(10));

        LeaseEntry released = assertInstanceOf(LeaseChange.Put.class, leases(3, 8, 10).release(leased.eventId(),
                Optional.of(leased), NOW, Duration.ofSeconds(7))).entry();

        assertEquals(LeaseState.RELEASED, released.state());
        assertFalse(released.isLeasableAt(NOW.plusSeconds(6)));
        assertTrue(released.isLeasableAt(NOW.plusSeconds(7)));
        assertEquals(1, released.deliveries());
    }

    @Test
    void aNackOrExtendOfAnEventNotUnderAnUnexpiredLeaseIsRefused() {
        EventId id = new EventId(new UUID(0, 5));
        ConsumerLeases leases = leases(3, 8, 10);
        for (Optional<LeaseEntry> entry : List.of(Optional.<LeaseEntry>empty(),
                Optional.of(entry(5, LeaseState.LEASED, 1, NOW)),
                Optional.of(entry(5, LeaseState.RELEASED, 1, NOW.plusSeconds(5))),
                Optional.of(entry(2, LeaseState.LEASED, 1, NOW.plusSeconds(5))))) {
            EventNotLeased refused = assertThrows(EventNotLeased.class,
                    () -> leases.release(id, entry, NOW, Duration.ZERO), entry.toString());
            assertEquals("event " + id + " is not leased to consumer billing", refused.getMessage());
            assertThrows(EventNotLeased.class, () -> leases.extend(id, entry, NOW, LEASE), entry.toString());
        }
    }

    @Test
    void anExtendMovesTheExpiryOfAnUnexpiredLease() {
        LeaseEntry leased = entry(5, LeaseState.LEASED, 2, NOW.plusSeconds(1));

        LeaseEntry extended = assertInstanceOf(LeaseChange.Put.class, leases(3, 8, 10).extend(leased.eventId(),
                Optional.of(leased), NOW, Duration.ofSeconds(300))).entry();

        assertEquals(NOW.plusSeconds(300), extended.until());
        assertEquals(LeaseState.LEASED, extended.state());
        assertEquals(2, extended.deliveries());
    }

    @Test
    void theOffsetMovesOverTheFinishedRunButNeverPastAnUnfinishedEventOrLeasedThrough() {
        ConsumerLeases leases = leases(3, 8, 10);
        assertEquals(Optional.of(seq(5)), leases.advance(Optional.of(seq(6))));
        assertEquals(Optional.empty(), leases.advance(Optional.of(seq(4))));
        assertEquals(Optional.of(seq(8)), leases.advance(Optional.empty()), "never past what was leased");
        assertEquals(Optional.empty(), leases(8, 8, 10).advance(Optional.empty()));
        assertEquals(Optional.empty(), leases(9, 8, 10).advance(Optional.empty()), "never backwards");
        assertThrows(IllegalArgumentException.class, () -> leases.advance(Optional.of(seq(3))));
    }

    @Test
    void retryAndDeleteTakeDeadLettersOnly() {
        LeaseEntry dead = entry(2, LeaseState.DEAD_LETTERED, 5, NOW);
        ConsumerLeases leases = leases(3, 8, 10);

        LeaseEntry retried = assertInstanceOf(LeaseChange.Put.class, leases.retry(dead.eventId(), Optional.of(dead),
                NOW)).entry();
        assertEquals(0, retried.deliveries());
        assertTrue(retried.isLeasableAt(NOW));
        assertTrue(retried.isLiveAbove(seq(3)), "below the offset, yet leasable");
        assertEquals(new LeaseChange.Remove(seq(2)), leases.delete(dead.eventId(), Optional.of(dead)));
        LeaseEntry above = entry(5, LeaseState.DEAD_LETTERED, 5, NOW);
        assertEquals(new LeaseChange.Remove(seq(5)), leases.delete(above.eventId(), Optional.of(above)),
                "done above the offset too: no entry, leased before");

        LeaseEntry leased = entry(5, LeaseState.LEASED, 1, NOW.plusSeconds(5));
        DeadLetterNotFound refused = assertThrows(DeadLetterNotFound.class,
                () -> leases.retry(leased.eventId(), Optional.of(leased), NOW));
        assertEquals("event " + leased.eventId() + " is not a dead letter of consumer billing", refused.getMessage());
        assertThrows(DeadLetterNotFound.class, () -> leases.delete(leased.eventId(), Optional.empty()));
    }

    @Test
    void aResetForwardsEndsLeasesBelowItAndBackwardsForgetsEverythingAboveIt() {
        ConsumerLeases.Reset forward = leases(3, 8, 10).reset(seq(6));
        assertEquals(new LeaseCursor(seq(6), seq(8), seq(10)), forward.cursor());
        assertEquals(Optional.of(seq(6)), forward.endLeasesThrough());
        assertEquals(Optional.empty(), forward.removeAfter());

        ConsumerLeases.Reset back = leases(6, 8, 10).reset(seq(2));
        assertEquals(new LeaseCursor(seq(2), seq(2), seq(10)), back.cursor());
        assertEquals(Optional.of(seq(2)), back.removeAfter());
        assertEquals(Optional.empty(), back.endLeasesThrough());
    }

    @Test
    void aCursorWithLeasesSaysSo() {
        ConsumerCursor plain = ConsumerCursor.at(CONSUMER, new io.eventserver.domain.stream.StreamName("orders"),
                new io.eventserver.domain.event.EventName("Paid"), seq(4));
        assertFalse(plain.hasLeases());
        ConsumerCursor leased = ConsumerCursor.at(CONSUMER, plain.stream(), plain.eventName(), seq(4), seq(9));
        assertTrue(leased.hasLeases());
        assertEquals(seq(9), leased.acknowledge(seq(7)).cursor().leasedThrough());
    }

    @Test
    void anEntryIsLiveAboveTheOffsetOrWhenRetried() {
        LeaseEntry below = entry(2, LeaseState.LEASED, 1, NOW);
        assertFalse(below.isLiveAbove(seq(3)));
        assertTrue(below.isLiveAbove(seq(1)));
        assertThrows(IllegalArgumentException.class, () -> new LeaseEntry(seq(1), below.eventId(),
                LeaseState.DEAD_LETTERED, 1, NOW, Optional.empty(), false));
    }
}

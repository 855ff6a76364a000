package io.eventserver.domain.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.Sequence;

/**
 * The rules of leased reads for one consumer in one (stream, event name), written once for every engine (ADR 52). An
 * engine loads the cursor and the entries a rule needs, under the consumer's lock, and stores what the rule returns.
 * <p>
 * The offset keeps its meaning: every event at or below it is done. Leases live above it. An event above
 * {@code leasedThrough} was never leased; one in (offset, leasedThrough] was leased, and has an entry unless it was
 * acknowledged (an acknowledged event keeps none).
 */
public final class ConsumerLeases {

    private final ConsumerId consumer;
    private final LeaseCursor cursor;

    public ConsumerLeases(ConsumerId consumer, LeaseCursor cursor) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.cursor = Objects.requireNonNull(cursor, "cursor");
    }

    public LeaseCursor cursor() {
        return cursor;
    }

    /**
     * Whether a read could lease anything, as far as a look without the lock tells: there is room under
     * {@code maxInFlight}, and an entry is leasable or an event was never leased. A read that could not need not take
     * the lock.
     */
    public boolean couldLease(LeaseRequest request, int inFlight, boolean entryLeasable) {
        return request.room(inFlight) > 0 && (entryLeasable || cursor.neverLeased() > 0);
    }

    /**
     * A leased read: the leasable entries first (in sequence order), then the events never leased, until
     * {@code room} events are leased. An entry already leased {@code maxDeliveries} times is dead-lettered instead,
     * and does not count.
     *
     * @param room          how many events the read may lease ({@link LeaseRequest#room})
     * @param leasable      entries leasable at {@code now}, in sequence order, at most {@code room} of them
     * @param moreLeasable  whether more leasable entries may exist than {@code leasable} holds: then no event is
     *                      leased for the first time before them, and the decision may be incomplete
     */
    public LeaseDecision lease(LeaseRequest request, Instant now, int room, List<LeaseEntry> leasable,
                               boolean moreLeasable) {
        List<LeaseEntry> again = new ArrayList<>();
        List<LeaseEntry> dead = new ArrayList<>();
        Sequence previous = Sequence.ZERO;
        for (LeaseEntry entry : leasable) {
            if (again.size() >= room) {
                break;
            }
            if (!entry.isLeasableAt(now) || !entry.isLiveAbove(cursor.offset())
                    || entry.sequence().compareTo(previous) <= 0) {
                throw new IllegalArgumentException("not a leasable entry in sequence order: " + entry);
            }
            previous = entry.sequence();
            if (entry.deliveries() >= request.maxDeliveries()) {
                dead.add(entry.deadLettered(now));
            } else {
                again.add(entry.leasedAgain(now, request.lease()));
            }
        }
        Optional<LeaseDecision.FreshLeases> fresh = Optional.empty();
        Sequence leasedThrough = cursor.leasedThrough();
        int left = room - again.size();
        if (left > 0 && !moreLeasable && cursor.neverLeased() > 0) {
            Sequence from = new Sequence(cursor.neverLeasedAfter().value() + 1);
            Sequence through = new Sequence(Math.min(cursor.lastSequence().value(), from.value() + left - 1));
            fresh = Optional.of(new LeaseDecision.FreshLeases(from, through, now.plus(request.lease())));
            leasedThrough = through;
        }
        return new LeaseDecision(again, dead, fresh, leasedThrough, left > 0 && moreLeasable);
    }

    /**
     * ACK of one event. Ever leased to the consumer (it has an entry, or lies in (offset, leasedThrough]): that one
     * event is done, whether its lease has expired or not, a dead letter too. Never leased: cumulative, as without
     * leases. At or below the offset and not a live entry: done already.
     */
    public LeaseChange acknowledge(Sequence sequence, Optional<LeaseEntry> entry) {
        if (entry.isPresent()) {
            return new LeaseChange.Remove(sequence);
        }
        if (!sequence.isAfter(cursor.neverLeasedAfter())) {
            // at or below the offset, or leased and acknowledged already
            return new LeaseChange.Unchanged();
        }
        return new LeaseChange.AcknowledgeThrough(sequence);
    }

    /**
     * NACK: the event's unexpired lease ends now; it is leasable again after {@code delay}.
     *
     * @throws EventNotLeased when the event is not under an unexpired lease of the consumer
     */
    public LeaseChange release(EventId event, Optional<LeaseEntry> entry, Instant now, Duration delay) {
        return new LeaseChange.Put(leased(event, entry, now).released(now.plus(delay)));
    }

    /**
     * EXTEND: the event's unexpired lease now ends {@code lease} from now.
     *
     * @throws EventNotLeased when the event is not under an unexpired lease of the consumer
     */
    public LeaseChange extend(EventId event, Optional<LeaseEntry> entry, Instant now, Duration lease) {
        return new LeaseChange.Put(leased(event, entry, now).extended(now.plus(lease)));
    }

    private LeaseEntry leased(EventId event, Optional<LeaseEntry> entry, Instant now) {
        return entry.filter(found -> found.isLeasedAt(now) && found.isLiveAbove(cursor.offset()))
                .orElseThrow(() -> new EventNotLeased(event, consumer));
    }

    /**
     * RETRY of a dead letter: leasable again at once, its deliveries counted from 0, even at or below the offset.
     *
     * @throws DeadLetterNotFound when the event is not a dead letter of the consumer
     */
    public LeaseChange retry(EventId event, Optional<LeaseEntry> entry, Instant now) {
        return new LeaseChange.Put(deadLetter(event, entry).retried(now));
    }

    /**
     * DELETE of a dead letter: no longer listed, and done.
     *
     * @throws DeadLetterNotFound when the event is not a dead letter of the consumer
     */
    public LeaseChange delete(EventId event, Optional<LeaseEntry> entry) {
        return new LeaseChange.Remove(deadLetter(event, entry).sequence());
    }

    private LeaseEntry deadLetter(EventId event, Optional<LeaseEntry> entry) {
        return entry.filter(found -> found.state() == LeaseState.DEAD_LETTERED)
                .orElseThrow(() -> new DeadLetterNotFound(event, consumer));
    }

    /**
     * The offset after a change: it moves up over the contiguous run of finished events above it — to just below the
     * first unfinished one, and never past {@code leasedThrough} (what lies above was never leased, so it is not done).
     * It never moves backwards.
     *
     * @param firstUnfinished the lowest sequence above the offset whose entry is unfinished, if any
     * @return the new offset, when it moves
     */
    public Optional<Sequence> advance(Optional<Sequence> firstUnfinished) {
        long through = cursor.leasedThrough().value();
        if (firstUnfinished.isPresent()) {
            if (!firstUnfinished.get().isAfter(cursor.offset())) {
                throw new IllegalArgumentException("the first unfinished entry must lie above the offset");
            }
            through = Math.min(through, firstUnfinished.get().value() - 1);
        }
        return through > cursor.offset().value() ? Optional.of(new Sequence(through)) : Optional.empty();
    }

    /**
     * An operator's reset of the offset to {@code target}, which may go backwards (replay) or forwards (skip). Forwards
     * it is a cumulative acknowledgement. Backwards every entry above the target is removed — dead letters too: the
     * events are to be processed again — and nothing above the target counts as leased any more.
     */
    public Reset reset(Sequence target) {
        if (target.compareTo(cursor.offset()) >= 0) {
            return new Reset(cursor.withOffset(target), Optional.of(target), Optional.empty());
        }
        Sequence leasedThrough = cursor.leasedThrough().isAfter(target) ? target : cursor.leasedThrough();
        return new Reset(new LeaseCursor(target, leasedThrough, cursor.lastSequence()), Optional.empty(),
                Optional.of(target));
    }

    /**
     * @param cursor        the cursor after the reset
     * @param endLeasesThrough every entry at or below it but dead letters is removed
     * @param removeAfter   every entry above it is removed
     */
    public record Reset(LeaseCursor cursor, Optional<Sequence> endLeasesThrough, Optional<Sequence> removeAfter) {
    }
}

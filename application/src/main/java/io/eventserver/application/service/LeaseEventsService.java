package io.eventserver.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.application.port.in.LeaseEventsUseCase;
import io.eventserver.application.port.in.LeaseLimits;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerLeases;
import io.eventserver.domain.consumer.LeaseDecision;
import io.eventserver.domain.consumer.LeaseEntry;
import io.eventserver.domain.consumer.LeaseRequest;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamNotFound;

/**
 * Leased reads (ADR 52). A read first looks without the lock ({@link LeaseStore#peek}) and takes the consumer's lock
 * only when the rules say it could lease something, so that idle readers waiting for events never queue for it. The
 * events are read after the leases are committed, outside the lock.
 */
public final class LeaseEventsService implements LeaseEventsUseCase {

    /** A waiting leased read looks again at least this often: a lease may expire or a NACK delay pass on any node. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    private final EventStore events;
    private final LeaseStore leases;
    private final IdOwnership ownership;
    private final Waiters waiters;
    private final int maxLimit;
    private final LeaseLimits limits;

    public LeaseEventsService(EventStore events, LeaseStore leases, IdOwnership ownership, Waiters waiters,
                              int maxLimit, LeaseLimits limits) {
        this.events = Objects.requireNonNull(events, "events");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.waiters = Objects.requireNonNull(waiters, "waiters");
        this.limits = Objects.requireNonNull(limits, "limits");
        if (maxLimit < 1) {
            throw new IllegalArgumentException("maxLimit must be >= 1");
        }
        this.maxLimit = maxLimit;
    }

    @Override
    public LeasedPage lease(LeaseQuery query) {
        if (query.limit() > maxLimit) {
            throw new InvalidValue("limit must be an integer <= " + maxLimit);
        }
        LeaseRequest request = new LeaseRequest(query.limit(), limits.lease(query.leaseSeconds()),
                LeaseLimits.maxInFlight(query.maxInFlight(), maxLimit), limits.maxDeliveries(query.maxDeliveries()));
        if (events.findStream(query.stream()).isEmpty()) {
            throw new StreamNotFound(query.stream());
        }
        if (query.waitFor().isZero()) {
            Optional<Leased> quick = ownedAlready(query) ? inOneStep(query, request) : Optional.empty();
            if (quick.isPresent()) {
                return page(query, quick.get());
            }
            return attempt(query, request, firstLook(query, request)).page();
        }
        // waiting from before the first look on, so that an event committed in between is not missed
        Waiters.Waiter waiter = waiters.join(query.stream(), query.eventName());
        try {
            long deadline = System.nanoTime() + query.waitFor().toNanos();
            Optional<LeaseStore.Snapshot> seen = firstLook(query, request);
            while (true) {
                Attempt attempt = attempt(query, request, seen);
                long now = System.nanoTime();
                if (!attempt.page().events().isEmpty() || waiters.isClosed() || now - deadline >= 0) {
                    return attempt.page();
                }
                long next = Math.min(deadline - now, RECHECK.toNanos());
                if (attempt.nextLeasableIn().isPresent()) {
                    next = Math.max(0, Math.min(next, attempt.nextLeasableIn().get().toNanos()));
                }
                waiter.await(now + next);
                seen = look(query, request);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LeasedPage.EMPTY;
        } finally {
            waiters.leave(waiter);
        }
    }

    /** @param nextLeasableIn how long until an unfinished entry becomes leasable, by the storage's clock */
    private record Attempt(LeasedPage page, Optional<Duration> nextLeasableIn) {
    }

    private record Leased(List<LeaseDecision.Grant> grants, int deadLettered) {
    }

    /**
     * The first look, then the claim of the consumer id: after a look (which changes nothing, and fails on an engine
     * that cannot lease), before anything is leased — a refused read leaves neither a claim nor a lease (ADR 26).
     */
    private Optional<LeaseStore.Snapshot> firstLook(LeaseQuery query, LeaseRequest request) {
        Optional<LeaseStore.Snapshot> seen = look(query, request);
        IdClaims.claim(ownership, IdKind.CONSUMER, query.consumer().value(), query.user());
        return seen;
    }

    private Optional<LeaseStore.Snapshot> look(LeaseQuery query, LeaseRequest request) {
        return leases.peek(query.consumer(), query.stream(), query.eventName(), request.maxInFlight().orElse(0));
    }

    /** After a look: when it could lease something, one transaction under the lock, then the events. */
    private Attempt attempt(LeaseQuery query, LeaseRequest request, Optional<LeaseStore.Snapshot> seen) {
        if (seen.isEmpty()) {
            return new Attempt(LeasedPage.EMPTY, Optional.empty());
        }
        LeaseStore.Snapshot snapshot = seen.get();
        Optional<Duration> nextLeasableIn = snapshot.nextLeasableAt().map(at -> Duration.between(snapshot.now(), at));
        if (!new ConsumerLeases(query.consumer(), snapshot.cursor())
                .couldLease(request, snapshot.inFlight(), snapshot.entryLeasable())) {
            return new Attempt(LeasedPage.EMPTY, nextLeasableIn);
        }
        Leased leased = (snapshot.entryLeasable() ? Optional.<Leased>empty() : inOneStep(query, request))
                .orElseGet(() -> leases.change(query.consumer(), query.stream(), query.eventName(),
                        view -> leaseUnderLock(query, request, view)));
        if (leased.grants().isEmpty()) {
            return new Attempt(new LeasedPage(List.of(), leased.deadLettered()), nextLeasableIn);
        }
        return new Attempt(page(query, leased), Optional.empty());
    }

    /** The events of what was leased, read after the leases were committed. */
    private LeasedPage page(LeaseQuery query, Leased leased) {
        Map<Sequence, RecordedEvent> read = new HashMap<>();
        for (RecordedEvent event : events.read(query.stream(), query.eventName(),
                leased.grants().stream().map(LeaseDecision.Grant::sequence).toList())) {
            read.put(event.sequence(), event);
        }
        List<LeasedEvent> page = new ArrayList<>(leased.grants().size());
        for (LeaseDecision.Grant grant : leased.grants()) {
            RecordedEvent event = read.get(grant.sequence());
            if (event == null) {
                throw new IllegalStateException("leased event " + grant.sequence().value() + " of "
                        + query.eventName() + " in " + query.stream() + " cannot be read");
            }
            page.add(new LeasedEvent(event, grant.deliveries(), grant.expiresAt()));
        }
        return new LeasedPage(page, leased.deadLettered());
    }

    /**
     * The commonest read in one step (ADR 70): with no entry leasable and no most in flight, the rules lease only events
     * never leased — which the store can do in one round trip, checking that no entry is leasable itself. Empty when
     * it did not (nothing changed).
     */
    private Optional<Leased> inOneStep(LeaseQuery query, LeaseRequest request) {
        if (request.maxInFlight().isPresent()) {
            return Optional.empty();
        }
        return leases.leaseNeverLeased(query.consumer(), query.stream(), query.eventName(), request.limit(),
                request.lease()).map(grants -> new Leased(grants, 0));
    }

    /**
     * Whether the consumer id is the asking user's already: then a read may lease before its first look, as no claim
     * is needed that a refused read would have to leave out (ADR 26, ADR 70).
     */
    private boolean ownedAlready(LeaseQuery query) {
        return ownership.owner(IdKind.CONSUMER, query.consumer().value()).filter(query.user()::equals).isPresent();
    }

    /**
     * Under the lock: leasable entries first, then events never leased; an entry leased the most times is
     * dead-lettered and the next ones looked at, until the read's room is used or nothing is left.
     */
    private Leased leaseUnderLock(LeaseQuery query, LeaseRequest request, LeaseStore.Leases view) {
        Instant now = view.now();
        int inFlight = request.maxInFlight().isPresent() ? view.inFlight(now, request.maxInFlight().getAsInt()) : 0;
        int room = request.room(inFlight);
        List<LeaseDecision.Grant> grants = new ArrayList<>();
        int deadLettered = 0;
        while (room > 0) {
            List<LeaseEntry> leasable = view.leasable(now, room);
            LeaseDecision decision = new ConsumerLeases(query.consumer(), view.cursor())
                    .lease(request, now, room, leasable, leasable.size() == room);
            List<LeaseEntry> changed = new ArrayList<>(decision.leasedAgain());
            changed.addAll(decision.deadLettered());
            if (!changed.isEmpty()) {
                view.put(changed);
            }
            decision.fresh().ifPresent(view::leaseFresh);
            grants.addAll(decision.grants());
            deadLettered += decision.deadLettered().size();
            room -= decision.leased();
            if (!decision.incomplete()) {
                break;
            }
        }
        if (deadLettered > 0) {
            LeaseWork.advance(query.consumer(), view);
        }
        grants.sort(Comparator.comparing(LeaseDecision.Grant::sequence));
        return new Leased(grants, deadLettered);
    }
}

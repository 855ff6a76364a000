package io.eventserver.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import io.eventserver.application.port.in.FinishEventsUseCase;
import io.eventserver.application.port.in.LeaseLimits;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerLeases;
import io.eventserver.domain.consumer.LeaseChange;
import io.eventserver.domain.consumer.LeaseCursor;
import io.eventserver.domain.consumer.LeaseEntry;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamNotFound;

/**
 * ACK, NACK and EXTEND of one event or a batch (ADR 52). Every id is resolved first — by the consumer's lease entries
 * in one look-up, the rest by the engine's look-up — so that one unknown id changes nothing; then one transaction
 * takes the locks of the event names involved, in a fixed order, and applies the single-event rule to each id.
 */
public final class FinishEventsService implements FinishEventsUseCase {

    private final EventStore events;
    private final LeaseStore leases;
    private final IdOwnership ownership;
    private final StreamTraffic traffic;
    private final int maxLimit;
    private final LeaseLimits limits;

    public FinishEventsService(EventStore events, LeaseStore leases, IdOwnership ownership, StreamTraffic traffic,
                               int maxLimit, LeaseLimits limits) {
        this.events = Objects.requireNonNull(events, "events");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.maxLimit = maxLimit;
    }

    @Override
    public int finish(FinishCommand command) {
        if (command.events().isEmpty() || command.events().size() > maxLimit) {
            throw new InvalidValue("eventIds must hold 1 to " + maxLimit + " event ids");
        }
        Duration delay = limits.delay(command.delaySeconds());
        Optional<Duration> lease = command.leaseSeconds().isPresent()
                ? Optional.of(limits.lease(command.leaseSeconds().getAsInt()))
                : Optional.empty();
        if (command.action() == Action.EXTEND && lease.isEmpty()) {
            throw new InvalidValue("lease is required with EXTEND: an integer between 1 and "
                    + limits.maxLeaseSeconds() + " (seconds)");
        }
        if (events.findStream(command.stream()).isEmpty()) {
            throw new StreamNotFound(command.stream());
        }
        List<EventId> ids = List.copyOf(new LinkedHashSet<>(command.events()));
        Map<EventId, EventPosition> positions = new LinkedHashMap<>(leases.find(command.consumer(), command.stream(),
                ids));
        // every id has an entry of the consumer: an ACK of them all may take the store's one step (ADR 70)
        int found = positions.size();
        for (EventId id : ids) {
            if (!positions.containsKey(id)) {
                positions.put(id, events.findPosition(command.stream(), id)
                        .orElseThrow(() -> new EventNotFound(command.stream(), id)));
            }
        }
        // once every event is known to exist: a refused request claims nothing (ADR 26)
        IdClaims.claim(ownership, IdKind.CONSUMER, command.consumer().value(), command.user());
        Map<EventName, Map<EventId, Sequence>> byName = new TreeMap<>(Comparator.comparing(EventName::value));
        positions.forEach((id, position) -> byName.computeIfAbsent(position.name(), name -> new LinkedHashMap<>())
                .put(id, position.sequence()));
        OptionalLong inOneStep = command.action() == Action.ACK && byName.size() == 1 && found == ids.size()
                ? leases.acknowledgeEntries(command.consumer(), command.stream(), byName.keySet().iterator().next(),
                        byName.values().iterator().next().values())
                : OptionalLong.empty();
        if (inOneStep.isPresent()) {
            traffic.acknowledged(command.stream(), inOneStep.getAsLong());
            return ids.size();
        }
        long moved = leases.change(command.consumer(), command.stream(), byName.keySet(), views -> {
            long by = 0;
            for (Map.Entry<EventName, Map<EventId, Sequence>> name : byName.entrySet()) {
                LeaseStore.Leases view = views.get(name.getKey());
                LeaseCursor before = view.cursor();
                ConsumerLeases rules = new ConsumerLeases(command.consumer(), before);
                Map<Sequence, LeaseEntry> entries = view.entries(name.getValue().values());
                Instant now = view.now();
                List<LeaseChange> changes = new ArrayList<>();
                name.getValue().forEach((id, sequence) -> {
                    Optional<LeaseEntry> entry = Optional.ofNullable(entries.get(sequence));
                    changes.add(switch (command.action()) {
                        case ACK -> rules.acknowledge(sequence, entry);
                        case NACK -> rules.release(id, entry, now, delay);
                        case EXTEND -> rules.extend(id, entry, now, lease.orElseThrow());
                    });
                });
                LeaseWork.apply(command.consumer(), view, changes);
                by += view.cursor().offset().value() - before.offset().value();
            }
            return by;
        });
        traffic.acknowledged(command.stream(), moved);
        return ids.size();
    }
}

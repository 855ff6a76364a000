package io.eventserver.application.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.application.port.in.AcknowledgeEventUseCase;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.consumer.Acknowledgement;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerLeases;
import io.eventserver.domain.consumer.LeaseChange;
import io.eventserver.domain.consumer.LeaseCursor;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.stream.StreamNotFound;

/**
 * ACK of one event. A consumer that never leased keeps the path it always had: find the cursor, move it forward with
 * one upsert. One with leases (its cursor says so, in the same look-up) goes through the lease rules under its lock
 * (ADR 52): an event ever leased is finished alone, one never leased is cumulative and ends the leases it passes.
 */
public final class AcknowledgeEventService implements AcknowledgeEventUseCase {

    private final EventStore events;
    private final CursorStore cursors;
    private final LeaseStore leases;
    private final IdOwnership ownership;
    private final StreamTraffic traffic;

    public AcknowledgeEventService(EventStore events, CursorStore cursors, LeaseStore leases, IdOwnership ownership,
                                   StreamTraffic traffic) {
        this.events = Objects.requireNonNull(events, "events");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
    }

    @Override
    public Acknowledgement acknowledge(AcknowledgeEventCommand command) {
        EventPosition position = events.findPosition(command.stream(), command.event())
                .orElseThrow(() -> events.findStream(command.stream()).isEmpty()
                        ? new StreamNotFound(command.stream())
                        : new EventNotFound(command.stream(), command.event()));
        // once the event is known to exist: a refused acknowledgement claims nothing (ADR 26)
        IdClaims.claim(ownership, IdKind.CONSUMER, command.consumer().value(), command.user());
        ConsumerCursor cursor = cursors.find(command.consumer(), command.stream(), position.name())
                .orElseGet(() -> ConsumerCursor.atStart(command.consumer(), command.stream(), position.name()));
        if (cursor.hasLeases()) {
            return underLeases(command, position);
        }
        Acknowledgement acknowledgement = cursor.acknowledge(position.sequence());
        if (acknowledgement instanceof Acknowledgement.OffsetMoved moved) {
            // The store keeps the higher offset if a concurrent acknowledgement got further meanwhile; it refuses
            // when a first lease came in between, and then the lease rules decide.
            if (!cursors.save(moved.cursor())) {
                return underLeases(command, position);
            }
            traffic.acknowledged(command.stream(), moved.cursor().offset().value() - cursor.offset().value());
        }
        return acknowledgement;
    }

    private Acknowledgement underLeases(AcknowledgeEventCommand command, EventPosition position) {
        record Moved(Acknowledgement acknowledgement, long by) {
        }
        Moved moved = leases.change(command.consumer(), command.stream(), position.name(), view -> {
            LeaseCursor before = view.cursor();
            LeaseChange change = new ConsumerLeases(command.consumer(), before).acknowledge(position.sequence(),
                    Optional.ofNullable(view.entries(List.of(position.sequence())).get(position.sequence())));
            LeaseWork.apply(command.consumer(), view, List.of(change));
            LeaseCursor after = view.cursor();
            ConsumerCursor cursor = ConsumerCursor.at(command.consumer(), command.stream(), position.name(),
                    after.offset(), after.leasedThrough());
            Acknowledgement acknowledgement = switch (change) {
                case LeaseChange.Unchanged unchanged -> new Acknowledgement.AlreadyAcknowledged(cursor);
                case LeaseChange.AcknowledgeThrough through -> new Acknowledgement.OffsetMoved(cursor);
                case LeaseChange.Put put -> new Acknowledgement.EventAcknowledged(cursor);
                case LeaseChange.Remove remove -> new Acknowledgement.EventAcknowledged(cursor);
            };
            return new Moved(acknowledgement, after.offset().value() - before.offset().value());
        });
        traffic.acknowledged(command.stream(), moved.by());
        return moved.acknowledgement();
    }
}

package io.eventserver.application.service;

import java.util.Objects;

import io.eventserver.application.port.in.AcknowledgeEventUseCase;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.consumer.Acknowledgement;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.stream.StreamNotFound;

public final class AcknowledgeEventService implements AcknowledgeEventUseCase {

    private final EventStore events;
    private final CursorStore cursors;
    private final IdOwnership ownership;
    private final StreamTraffic traffic;

    public AcknowledgeEventService(EventStore events, CursorStore cursors, IdOwnership ownership,
                                   StreamTraffic traffic) {
        this.events = Objects.requireNonNull(events, "events");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
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
        Acknowledgement acknowledgement = cursor.acknowledge(position.sequence());
        if (acknowledgement instanceof Acknowledgement.OffsetMoved moved) {
            // The store keeps the higher offset if a concurrent acknowledgement got further meanwhile.
            cursors.save(moved.cursor());
            traffic.acknowledged(command.stream(), moved.cursor().offset().value() - cursor.offset().value());
        }
        return acknowledgement;
    }
}

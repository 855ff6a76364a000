package io.eventserver.application.service;

import java.util.Objects;

import io.eventserver.application.port.in.ResetOffsetUseCase;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.event.EventNameNotFound;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamNotFound;

public final class ResetOffsetService implements ResetOffsetUseCase {

    private static final System.Logger AUDIT = System.getLogger("eventserver.audit");

    private final EventStore events;
    private final CursorStore cursors;

    public ResetOffsetService(EventStore events, CursorStore cursors) {
        this.events = Objects.requireNonNull(events, "events");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
    }

    @Override
    public OffsetReset reset(ResetOffsetCommand command) {
        if (events.findStream(command.stream()).isEmpty()) {
            throw new StreamNotFound(command.stream());
        }
        Sequence last = events.lastSequence(command.stream(), command.eventName())
                .orElseThrow(() -> new EventNameNotFound(command.stream(), command.eventName()));
        ConsumerCursor current = cursors.find(command.consumer(), command.stream(), command.eventName())
                .orElseGet(() -> ConsumerCursor.atStart(command.consumer(), command.stream(), command.eventName()));
        ConsumerCursor reset = current.resetTo(command.sequence(), last);
        cursors.overwrite(reset);
        AUDIT.log(System.Logger.Level.INFO, "offset reset by " + command.actor() + ": consumer " + command.consumer()
                + ", stream " + command.stream() + ", event name " + command.eventName() + ", "
                + current.offset().value() + " -> " + reset.offset().value());
        return new OffsetReset(reset, current.offset());
    }
}

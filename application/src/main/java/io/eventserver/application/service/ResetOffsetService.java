package io.eventserver.application.service;

import java.util.Objects;

import io.eventserver.application.port.in.ResetOffsetUseCase;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerLeases;
import io.eventserver.domain.consumer.LeaseCursor;
import io.eventserver.domain.event.EventNameNotFound;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamNotFound;

public final class ResetOffsetService implements ResetOffsetUseCase {

    private static final System.Logger AUDIT = System.getLogger("eventserver.audit");

    private final EventStore events;
    private final CursorStore cursors;
    private final LeaseStore leases;

    public ResetOffsetService(EventStore events, CursorStore cursors, LeaseStore leases) {
        this.events = Objects.requireNonNull(events, "events");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.leases = Objects.requireNonNull(leases, "leases");
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
        if (current.hasLeases() || !cursors.overwrite(reset)) {
            OffsetReset withLeases = resetWithLeases(command, last);
            current = ConsumerCursor.at(current.consumer(), current.stream(), current.eventName(),
                    withLeases.previous());
            reset = withLeases.cursor();
        }
        AUDIT.log(System.Logger.Level.INFO, "offset reset by " + command.actor() + ": consumer " + command.consumer()
                + ", stream " + command.stream() + ", event name " + command.eventName() + ", "
                + current.offset().value() + " -> " + reset.offset().value());
        return new OffsetReset(reset, current.offset());
    }

    /** A cursor with leases is reset by the lease rules, under its lock (ADR 52). */
    private OffsetReset resetWithLeases(ResetOffsetCommand command, Sequence last) {
        return leases.change(command.consumer(), command.stream(), command.eventName(), view -> {
            LeaseCursor before = view.cursor();
            ConsumerCursor.at(command.consumer(), command.stream(), command.eventName(), before.offset())
                    .resetTo(command.sequence(), last);
            ConsumerLeases.Reset reset = new ConsumerLeases(command.consumer(), before).reset(command.sequence());
            reset.endLeasesThrough().ifPresent(view::endLeasesThrough);
            reset.removeAfter().ifPresent(view::removeAfter);
            view.setCursor(reset.cursor().offset(), reset.cursor().leasedThrough());
            return new OffsetReset(ConsumerCursor.at(command.consumer(), command.stream(), command.eventName(),
                    reset.cursor().offset(), reset.cursor().leasedThrough()), before.offset());
        });
    }
}

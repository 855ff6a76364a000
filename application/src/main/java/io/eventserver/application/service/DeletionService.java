package io.eventserver.application.service;

import java.util.Objects;

import io.eventserver.application.port.in.DeleteConsumerUseCase;
import io.eventserver.application.port.in.DeleteStreamUseCase;
import io.eventserver.application.port.in.RedactEventUseCase;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.Redaction;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.StreamNotFound;

/**
 * Deleting streams and consumers (ADR 62) and redacting events (ADR 63): the engine does the work atomically; this
 * checks who may, wakes the consumers waiting on a deleted stream, and writes the audit line.
 */
public final class DeletionService implements DeleteStreamUseCase, DeleteConsumerUseCase, RedactEventUseCase {

    private final EventStore events;
    private final CursorStore cursors;
    private final IdOwnership ownership;
    private final Waiters waiters;

    public DeletionService(EventStore events, CursorStore cursors, IdOwnership ownership, Waiters waiters) {
        this.events = Objects.requireNonNull(events, "events");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.waiters = Objects.requireNonNull(waiters, "waiters");
    }

    @Override
    public void delete(DeleteStreamCommand command) {
        if (!events.deleteStream(command.stream())) {
            throw new StreamNotFound(command.stream());
        }
        // the consumers waiting here read again, find the stream gone and are answered (404, or the end of an SSE
        // stream) instead of sleeping out their wait
        waiters.deleted(command.stream());
        Audit.log("stream deleted", command.actor(), "stream " + command.stream());
    }

    @Override
    public void delete(DeleteConsumerCommand command) {
        if (events.findStream(command.stream()).isEmpty()) {
            throw new StreamNotFound(command.stream());
        }
        if (!command.admin()) {
            IdClaims.claim(ownership, IdKind.CONSUMER, command.consumer().value(), command.user());
        }
        boolean had = cursors.deleteConsumer(command.consumer(), command.stream());
        Audit.log("consumer deleted", command.user(), "consumer " + command.consumer() + ", stream "
                + command.stream() + (had ? "" : " (it had nothing stored)"));
    }

    @Override
    public void redact(RedactEventCommand command) {
        if (events.findStream(command.stream()).isEmpty()) {
            throw new StreamNotFound(command.stream());
        }
        RecordedEvent event = events.findEvent(command.stream(), command.event())
                .orElseThrow(() -> new EventNotFound(command.stream(), command.event()));
        if (!events.redact(command.stream(), event.id(), Redaction.of(event.name(), event.document()))) {
            // deleted with its stream between the look-up and the redaction
            throw new EventNotFound(command.stream(), command.event());
        }
        Audit.log("event redacted", command.actor(), "stream " + command.stream() + ", event " + event.id()
                + " (" + event.name() + " " + event.sequence().value() + ")"
                + (event.redacted() ? ", redacted before" : ""));
    }
}

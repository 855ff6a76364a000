package io.eventserver.application.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.application.port.in.DeadLettersUseCase;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.consumer.ConsumerLeases;
import io.eventserver.domain.consumer.DeadLetterNotFound;
import io.eventserver.domain.consumer.LeaseChange;
import io.eventserver.domain.consumer.LeaseEntry;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;

/** A consumer's dead letters: listed page by page, sent back (RETRY) or dropped (DELETE) under its lock (ADR 52). */
public final class DeadLettersService implements DeadLettersUseCase {

    private final EventStore events;
    private final LeaseStore leases;
    private final IdOwnership ownership;
    private final int maxLimit;

    public DeadLettersService(EventStore events, LeaseStore leases, IdOwnership ownership, int maxLimit) {
        this.events = Objects.requireNonNull(events, "events");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.maxLimit = maxLimit;
    }

    @Override
    public DeadLetterPage list(DeadLetterQuery query) {
        if (query.limit() < 1 || query.limit() > maxLimit) {
            throw new InvalidValue("limit must be an integer between 1 and " + maxLimit);
        }
        requireStream(query.stream());
        List<LeaseEntry> read = leases.deadLetters(query.consumer(), query.stream(), query.eventName(),
                query.after(), query.limit() + 1);
        requireOwnIdOrAdmin(query.asker(), query.consumer());
        List<LeaseEntry> shown = read.size() <= query.limit() ? read : read.subList(0, query.limit());
        Map<Sequence, RecordedEvent> found = new HashMap<>();
        if (!shown.isEmpty()) {
            for (RecordedEvent event : events.read(query.stream(), query.eventName(),
                    shown.stream().map(LeaseEntry::sequence).toList())) {
                found.put(event.sequence(), event);
            }
        }
        List<DeadLetter> page = new ArrayList<>(shown.size());
        for (LeaseEntry entry : shown) {
            RecordedEvent event = found.get(entry.sequence());
            if (event != null) {
                page.add(new DeadLetter(event, entry.deliveries(), entry.deadLetteredAt().orElseThrow()));
            }
        }
        return new DeadLetterPage(page, read.size() > query.limit()
                ? Optional.of(shown.getLast().sequence())
                : Optional.empty());
    }

    @Override
    public void retry(DeadLetterCommand command) {
        change(command, false);
    }

    @Override
    public void delete(DeadLetterCommand command) {
        change(command, true);
    }

    private void change(DeadLetterCommand command, boolean delete) {
        requireStream(command.stream());
        EventPosition position = leases.find(command.consumer(), command.stream(), List.of(command.event()))
                .get(command.event());
        if (position == null) {
            throw new DeadLetterNotFound(command.event(), command.consumer());
        }
        requireOwnIdOrAdmin(command.asker(), command.consumer());
        leases.change(command.consumer(), command.stream(), position.name(), view -> {
            ConsumerLeases rules = new ConsumerLeases(command.consumer(), view.cursor());
            Optional<LeaseEntry> entry = Optional.ofNullable(view.entries(List.of(position.sequence()))
                    .get(position.sequence()));
            LeaseChange change = delete
                    ? rules.delete(command.event(), entry)
                    : rules.retry(command.event(), entry, view.now());
            LeaseWork.apply(command.consumer(), view, List.of(change));
            return null;
        });
    }

    private void requireStream(StreamName stream) {
        if (events.findStream(stream).isEmpty()) {
            throw new StreamNotFound(stream);
        }
    }

    /**
     * The consumer id is the asker's (claimed if nobody's), unless the asker is an admin; checked after the look-ups,
     * which change nothing, so that a refused request claims nothing (ADR 26).
     */
    private void requireOwnIdOrAdmin(Asker asker, ConsumerId consumer) {
        if (!asker.admin()) {
            IdClaims.claim(ownership, IdKind.CONSUMER, consumer.value(), asker.user());
        }
    }
}

package io.eventserver.application.service;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

import io.eventserver.application.port.in.ManageRetentionUseCase;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.RetentionStore;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.Permissions;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.retention.Retention;
import io.eventserver.domain.retention.RetentionChangeDenied;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;

/**
 * A stream's retention (ADR 60). Who may change it: an admin, or the user that owns the stream's producer id — a
 * user that may publish to the stream and to whom that id belongs (or would belong at its next publish, when nobody
 * claimed it yet: the same claim a publish makes).
 */
public final class RetentionService implements ManageRetentionUseCase {

    private static final System.Logger AUDIT = System.getLogger("eventserver.audit");

    private final EventStore events;
    private final RetentionStore retention;
    private final IdOwnership ids;
    private final Retention defaults;

    public RetentionService(EventStore events, RetentionStore retention, IdOwnership ids, Retention defaults) {
        this.events = Objects.requireNonNull(events, "events");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    @Override
    public Retention retention(StreamName stream) {
        return retention.find(stream).orElse(defaults);
    }

    @Override
    public void requireMayChange(StreamName name, Login actor, Permissions permissions) {
        Stream stream = events.findStream(name).orElseThrow(() -> new StreamNotFound(name));
        if (!permissions.isAdmin() && !ownsProducerId(name, actor, permissions, stream)) {
            throw new RetentionChangeDenied(actor, name);
        }
    }

    @Override
    public Retention change(ChangeRetentionCommand command) {
        requireMayChange(command.stream(), command.actor(), command.permissions());
        Retention before = retention(command.stream());
        retention.save(command.stream(), command.retention());
        AUDIT.log(System.Logger.Level.INFO, "retention of stream " + command.stream().value() + " changed by "
                + command.actor().value() + ": " + describe(before) + " -> " + describe(command.retention()));
        return command.retention();
    }

    private boolean ownsProducerId(StreamName name, Login actor, Permissions permissions, Stream stream) {
        return permissions.allows(Action.PUBLISH, name.value())
                && ids.claim(IdKind.PRODUCER, stream.owner().value(), actor).equals(actor);
    }

    @Override
    public Map<EventName, Sequence> firstSequences(StreamName stream, Collection<EventName> names) {
        return retention.firstSequences(stream, names);
    }

    private static String describe(Retention retention) {
        return "maxAge " + retention.maxAge().map(Object::toString).orElse("null") + ", maxEvents "
                + retention.maxEvents().map(Object::toString).orElse("null");
    }
}

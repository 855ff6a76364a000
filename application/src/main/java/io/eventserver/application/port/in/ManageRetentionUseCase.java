package io.eventserver.application.port.in;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.Permissions;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.retention.Retention;
import io.eventserver.domain.stream.StreamName;

/** A stream's retention (issue 25): what it keeps, who may change that, and what it still holds. */
public interface ManageRetentionUseCase {

    /**
     * The retention in force: the stream's own, else the defaults ({@code retention.default-max-age},
     * {@code retention.default-max-events}).
     *
     * @throws io.eventserver.domain.stream.StreamNotFound                   when the stream does not exist
     * @throws io.eventserver.application.port.out.RetentionUnsupported when the engine has no retention
     */
    Retention retention(StreamName stream);

    /**
     * Checks, before a change is even read, that the stream exists and the caller may change its retention.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound           when the stream does not exist
     * @throws io.eventserver.domain.retention.RetentionChangeDenied unless the caller is an admin or owns the
     *                                                               stream's producer id
     */
    void requireMayChange(StreamName stream, Login actor, Permissions permissions);

    /**
     * Gives the stream its own retention; the next removal applies it.
     *
     * @return the retention stored; when this returns, it is committed
     * @throws io.eventserver.domain.stream.StreamNotFound             when the stream does not exist
     * @throws io.eventserver.domain.retention.RetentionChangeDenied   unless the caller is an admin or owns the
     *                                                                 stream's producer id
     */
    Retention change(ChangeRetentionCommand command);

    /** The lowest stored sequence of each of these event names of the stream (names it lacks are left out). */
    Map<EventName, Sequence> firstSequences(StreamName stream, Collection<EventName> names);

    /** @param actor who asks, with the permissions it has; named in the audit log line */
    record ChangeRetentionCommand(StreamName stream, Retention retention, Login actor, Permissions permissions) {
        public ChangeRetentionCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(retention, "retention");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(permissions, "permissions");
        }
    }
}

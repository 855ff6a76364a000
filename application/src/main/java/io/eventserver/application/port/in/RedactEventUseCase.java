package io.eventserver.application.port.in;

import java.util.Objects;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.stream.StreamName;

/**
 * An admin erases one event's {@code system}, {@code trigger} and {@code payload} from storage; the event keeps its
 * id, sequence, time of receipt, name and version, so no consumer sees a gap (issue 25, ADR 63).
 */
public interface RedactEventUseCase {

    /**
     * Redacting a redacted event changes nothing and succeeds. When this returns, the redaction is committed.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when there is no such stream
     * @throws io.eventserver.domain.event.EventNotFound   when the stream has no event with this id
     */
    void redact(RedactEventCommand command);

    /** @param actor the admin who asked, for the audit log line */
    record RedactEventCommand(StreamName stream, EventId event, Login actor) {
        public RedactEventCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(actor, "actor");
        }
    }
}

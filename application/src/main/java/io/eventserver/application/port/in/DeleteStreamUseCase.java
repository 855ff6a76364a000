package io.eventserver.application.port.in;

import java.util.Objects;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.stream.StreamName;

/** An admin deletes a stream with everything stored of it; its name is free again (issue 25, ADR 62). */
public interface DeleteStreamUseCase {

    /**
     * When this returns, the deletion is committed.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when there is no such stream
     */
    void delete(DeleteStreamCommand command);

    /** @param actor the admin who asked, for the audit log line */
    record DeleteStreamCommand(StreamName stream, Login actor) {
        public DeleteStreamCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(actor, "actor");
        }
    }
}

package io.eventserver.application.port.in;

import java.util.Objects;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.stream.StreamName;

/**
 * A consumer's offsets (of every event name), leases and dead letters in one stream are deleted; its next read starts
 * at the first stored event (issue 25, ADR 62).
 */
public interface DeleteConsumerUseCase {

    /**
     * When this returns, the deletion is committed.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound          when there is no such stream
     * @throws io.eventserver.domain.access.IdBelongsToAnotherUser when the user is no admin and the consumer id
     *                                                              belongs to another user; nothing was changed
     */
    void delete(DeleteConsumerCommand command);

    /**
     * @param user  who asked, for the audit log line
     * @param admin whether the user is an admin, who may delete any consumer; anyone else only its own (a consumer id
     *              nobody has used yet becomes the user's, as with a read)
     */
    record DeleteConsumerCommand(StreamName stream, ConsumerId consumer, Login user, boolean admin) {
        public DeleteConsumerCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(user, "user");
        }
    }
}

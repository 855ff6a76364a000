package io.eventserver.application.port.in;

import java.util.List;
import java.util.Objects;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.stream.StreamName;

/**
 * The JSON Schemas of an event name's payloads, one per version (issue 26, ADR 66): once a name has one, every
 * publish of it is validated.
 */
public interface ManageSchemasUseCase {

    /**
     * Stores the schema of a version; a version is immutable.
     *
     * @return true when stored now, false when the same document was stored already
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws io.eventserver.domain.access.IdBelongsToAnotherUser unless the caller is an admin or owns the stream's
     *                                                             producer id
     * @throws io.eventserver.domain.schema.SchemaVersionExists when another document is stored for the version
     * @throws io.eventserver.domain.common.InvalidValue when the document is not a valid JSON Schema
     */
    boolean register(RegisterSchemaCommand command);

    /**
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws io.eventserver.domain.schema.SchemaNotFound when there is no such version
     */
    String schema(StreamName stream, EventName name, EventVersion version);

    /**
     * The versions with a schema, ascending.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     */
    List<EventVersion> versions(StreamName stream, EventName name);

    /**
     * Deletes a version's schema (the caller is an admin: the HTTP adapter checks the role).
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws io.eventserver.domain.schema.SchemaNotFound when there is no such version
     */
    void delete(StreamName stream, EventName name, EventVersion version);

    /** @param admin the caller has the admin role: it may register schemas on any stream */
    record RegisterSchemaCommand(StreamName stream, EventName name, EventVersion version, String schema, Login user,
                                 boolean admin) {
        public RegisterSchemaCommand {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(user, "user");
        }
    }
}

package io.eventserver.application.service;

import java.util.List;
import java.util.Objects;

import io.eventserver.application.port.in.ManageSchemasUseCase;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.SchemaStore;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.schema.SchemaChangeDenied;
import io.eventserver.domain.schema.SchemaNotFound;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;

public final class ManageSchemasService implements ManageSchemasUseCase {

    private final EventStore events;
    private final IdOwnership ownership;
    private final SchemaStore schemas;
    private final PayloadSchemas compiled;

    /** @param compiled the cache publishes validate with: it forgets at once what this node changes */
    public ManageSchemasService(EventStore events, IdOwnership ownership, SchemaStore schemas,
                                PayloadSchemas compiled) {
        this.events = Objects.requireNonNull(events, "events");
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.compiled = Objects.requireNonNull(compiled, "compiled");
    }

    @Override
    public boolean register(RegisterSchemaCommand command) {
        Stream stream = existing(command.stream());
        if (!command.admin() && !ownership.owner(IdKind.PRODUCER, stream.owner().value())
                .map(command.user()::equals).orElse(false)) {
            throw new SchemaChangeDenied(command.user(), command.stream());
        }
        compiled.compile(command.schema());
        SchemaStore.Stored stored = schemas.put(command.stream(), command.name(), command.version(),
                command.schema());
        compiled.changed();
        return stored == SchemaStore.Stored.CREATED;
    }

    @Override
    public String schema(StreamName stream, EventName name, EventVersion version) {
        existing(stream);
        return schemas.find(stream, name, version).orElseThrow(() -> new SchemaNotFound(name, version));
    }

    @Override
    public List<EventVersion> versions(StreamName stream, EventName name) {
        existing(stream);
        return schemas.versions(stream, name);
    }

    @Override
    public void delete(StreamName stream, EventName name, EventVersion version) {
        existing(stream);
        if (!schemas.delete(stream, name, version)) {
            throw new SchemaNotFound(name, version);
        }
        compiled.changed();
    }

    private Stream existing(StreamName stream) {
        return events.findStream(stream).orElseThrow(() -> new StreamNotFound(stream));
    }
}

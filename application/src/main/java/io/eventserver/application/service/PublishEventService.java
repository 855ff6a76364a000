package io.eventserver.application.service;

import java.util.Objects;
import java.util.Optional;

import io.eventserver.application.port.in.PublishEventUseCase;
import io.eventserver.application.port.out.AppendResult;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.application.port.out.StreamClaimedConcurrently;
import io.eventserver.application.port.out.StreamDeletedConcurrently;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamOwnedByAnotherProducer;

public final class PublishEventService implements PublishEventUseCase {

    private final EventStore events;
    private final IdOwnership ownership;
    private final StreamTraffic traffic;
    private final Optional<PayloadSchemas> schemas;

    /** Without schemas: no publish is validated. */
    public PublishEventService(EventStore events, IdOwnership ownership, StreamTraffic traffic) {
        this(events, ownership, traffic, Optional.empty());
    }

    /** @param schemas what publishes of names with schemas are validated against (ADR 66) */
    public PublishEventService(EventStore events, IdOwnership ownership, StreamTraffic traffic,
                               PayloadSchemas schemas) {
        this(events, ownership, traffic, Optional.of(schemas));
    }

    private PublishEventService(EventStore events, IdOwnership ownership, StreamTraffic traffic,
                                Optional<PayloadSchemas> schemas) {
        this.events = Objects.requireNonNull(events, "events");
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.schemas = schemas;
    }

    /** How often a publish looks its stream up again after a deletion or a claim raced it. */
    private static final int ATTEMPTS = 5;

    @Override
    public Published publish(PublishEventCommand command) {
        Stream stream = events.findStream(command.stream())
                .orElseGet(() -> Stream.claim(command.stream(), command.producer()));
        for (int attempt = 1; ; attempt++) {
            try {
                return appendTo(stream, command);
            } catch (StreamClaimedConcurrently lostRace) {
                // Another publish created the stream between our look-up and our insert: it decides, like any
                // existing stream, whether this producer may append (unless an admin deleted it meanwhile, ADR 62).
                stream = again(events.findStream(command.stream()), command, attempt, lostRace);
            } catch (StreamDeletedConcurrently deleted) {
                // An admin deleted the stream after our look-up (ADR 62): nothing was stored, and the name is free.
                stream = again(events.refreshStream(command.stream()), command, attempt, deleted);
            } catch (StreamOwnedByAnotherProducer refused) {
                // The stream we remember refuses us; it may have been deleted and claimed anew on another process.
                Optional<Stream> now = events.refreshStream(command.stream());
                if (stream.isClaimedNow() || now.map(Stream::owner).equals(Optional.of(stream.owner()))) {
                    throw refused;
                }
                stream = again(now, command, attempt, refused);
            }
        }
    }

    private static Stream again(Optional<Stream> found, PublishEventCommand command, int attempt,
                                RuntimeException failure) {
        if (attempt >= ATTEMPTS) {
            throw failure;
        }
        return found.orElseGet(() -> Stream.claim(command.stream(), command.producer()));
    }

    private Published appendTo(Stream stream, PublishEventCommand command) {
        EventsAppended appended = stream.append(command.producer(), command.events(), command.expectedLast());
        // before the producer id is claimed: a refused publish leaves no trace
        schemas.ifPresent(known -> known.check(stream.name(), command.events()));
        // claimed only once the stream accepted the producer, so that a refused publish claims nothing (ADR 26)
        IdClaims.claim(ownership, IdKind.PRODUCER, command.producer().value(), command.user());
        AppendResult result = events.append(appended, command.idempotency());
        boolean replayed = result instanceof AppendResult.Replayed;
        if (!replayed) {
            traffic.published(stream.name(), appended.events().size());
        }
        return new Published(result.ids(), replayed);
    }
}

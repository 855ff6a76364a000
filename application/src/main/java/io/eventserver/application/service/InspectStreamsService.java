package io.eventserver.application.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.application.port.in.InspectStreamsUseCase;
import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;

public final class InspectStreamsService implements InspectStreamsUseCase {

    private final StreamCatalog catalog;
    private final EventStore events;

    public InspectStreamsService(StreamCatalog catalog, EventStore events) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public StreamPage streams(Optional<StreamName> after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidValue("limit must be an integer between 1 and " + MAX_PAGE);
        }
        List<StreamSummary> page = catalog.streams(after, limit);
        Optional<StreamName> next = page.size() == limit
                ? Optional.of(page.getLast().name())
                : Optional.empty();
        return new StreamPage(page, next);
    }

    @Override
    public StreamSummary stream(StreamName name) {
        return catalog.stream(name).orElseThrow(() -> new StreamNotFound(name));
    }

    @Override
    public List<ConsumerLag> consumers(StreamName stream) {
        if (events.findStream(stream).isEmpty()) {
            throw new StreamNotFound(stream);
        }
        return catalog.consumerLags(stream);
    }

    @Override
    public List<ConsumerLag> largestLags(int limit) {
        return catalog.largestLags(limit);
    }

    @Override
    public RecordedEvent event(StreamName stream, EventId id) {
        return events.findEvent(stream, id).orElseThrow(() -> events.findStream(stream).isEmpty()
                ? new StreamNotFound(stream)
                : new EventNotFound(stream, id));
    }
}

package io.eventserver.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.StreamRates;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.application.port.in.InspectStreamsUseCase;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;

public final class InspectStreamsService implements InspectStreamsUseCase {

    private final StreamCatalog catalog;
    private final EventStore events;
    private final StreamTraffic traffic;

    public InspectStreamsService(StreamCatalog catalog, EventStore events, StreamTraffic traffic) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.events = Objects.requireNonNull(events, "events");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
    }

    @Override
    public StreamPage streams(Optional<StreamName> after, int limit, Predicate<StreamName> visible) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidValue("limit must be an integer between 1 and " + MAX_PAGE);
        }
        // one more than asked for tells whether a next page exists: a page that ends exactly at the last stream
        // has no next (the README promises null there)
        List<StreamSummary> page = new ArrayList<>(limit + 1);
        Optional<StreamName> from = after;
        while (page.size() <= limit) {
            List<StreamSummary> read = catalog.streams(from, limit + 1);
            for (StreamSummary stream : read) {
                if (page.size() <= limit && visible.test(stream.name())) {
                    page.add(stream);
                }
            }
            if (read.size() <= limit) {
                break;
            }
            from = Optional.of(read.getLast().name());
        }
        if (page.size() <= limit) {
            return new StreamPage(List.copyOf(page), Optional.empty());
        }
        List<StreamSummary> shown = page.subList(0, limit);
        return new StreamPage(List.copyOf(shown), Optional.of(shown.getLast().name()));
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
    public List<ConsumerLag> largestLags(int limit, Predicate<StreamName> visible) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidValue("limit must be an integer between 1 and " + MAX_PAGE);
        }
        // the catalog cannot filter by grants: read more of the largest until enough are visible or none are left
        for (int read = limit; ; read = (int) Math.min(Integer.MAX_VALUE, read * 4L)) {
            List<ConsumerLag> largest = catalog.largestLags(read);
            List<ConsumerLag> shown = largest.stream().filter(lag -> visible.test(lag.stream())).limit(limit)
                    .toList();
            if (shown.size() == limit || largest.size() < read) {
                return shown;
            }
        }
    }

    @Override
    public StreamRates rates(StreamName stream) {
        if (events.findStream(stream).isEmpty()) {
            throw new StreamNotFound(stream);
        }
        return traffic.rates(stream);
    }

    @Override
    public RecordedEvent event(StreamName stream, EventId id) {
        return events.findEvent(stream, id).orElseThrow(() -> events.findStream(stream).isEmpty()
                ? new StreamNotFound(stream)
                : new EventNotFound(stream, id));
    }
}

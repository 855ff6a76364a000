package io.eventserver.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.EventNameSummary;
import io.eventserver.application.model.StreamRates;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.application.port.in.InspectStreamsUseCase;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.StreamCatalog;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;

public final class InspectStreamsService implements InspectStreamsUseCase {

    private final StreamCatalog catalog;
    private final EventStore events;
    private final StreamTraffic traffic;
    private final int maxPage;

    public InspectStreamsService(StreamCatalog catalog, EventStore events, StreamTraffic traffic) {
        this(catalog, events, traffic, MAX_PAGE);
    }

    /** @param maxPage the most of a page ({@code api.max-limit}) */
    public InspectStreamsService(StreamCatalog catalog, EventStore events, StreamTraffic traffic, int maxPage) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.events = Objects.requireNonNull(events, "events");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        if (maxPage < 1) {
            throw new IllegalArgumentException("maxPage must be >= 1");
        }
        this.maxPage = maxPage;
    }

    private void requireLimit(int limit) {
        if (limit < 1 || limit > maxPage) {
            throw new InvalidValue("limit must be an integer between 1 and " + maxPage);
        }
    }

    @Override
    public StreamPage streams(Optional<StreamName> after, int limit, Predicate<StreamName> visible) {
        requireLimit(limit);
        // one more than asked for tells whether a next page exists: a page that ends exactly at the last stream
        // has no next (the README promises null there)
        List<StreamSummary> page = new ArrayList<>(limit + 1);
        Optional<StreamName> from = after;
        while (page.size() <= limit) {
            List<StreamSummary> read = catalog.streams(from, limit + 1, StreamSummary.RECENT_EVENT_NAMES);
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
        return catalog.stream(name, StreamSummary.RECENT_EVENT_NAMES).orElseThrow(() -> new StreamNotFound(name));
    }

    @Override
    public EventNamePage eventNames(StreamName stream, Optional<EventName> after, int limit) {
        requireLimit(limit);
        requireStream(stream);
        List<EventNameSummary> read = catalog.eventNames(stream, after, limit + 1);
        return new EventNamePage(shown(read, limit), next(read, limit).map(EventNameSummary::name));
    }

    @Override
    public ConsumerPage consumers(StreamName stream, Optional<ConsumerLag.Position> after, int limit) {
        requireLimit(limit);
        requireStream(stream);
        List<ConsumerLag> read = catalog.consumerLags(stream, after, limit + 1);
        return new ConsumerPage(shown(read, limit), next(read, limit).map(ConsumerLag::position));
    }

    /** The page of what was read with one more than asked for, which tells whether a next page exists. */
    private static <T> List<T> shown(List<T> read, int limit) {
        return List.copyOf(read.size() <= limit ? read : read.subList(0, limit));
    }

    /** The last element shown when a next page exists: its position is the next page's {@code after}. */
    private static <T> Optional<T> next(List<T> read, int limit) {
        return read.size() <= limit ? Optional.empty() : Optional.of(read.get(limit - 1));
    }

    private void requireStream(StreamName stream) {
        if (events.findStream(stream).isEmpty()) {
            throw new StreamNotFound(stream);
        }
    }

    @Override
    public List<ConsumerLag> largestLags(int limit) {
        return catalog.largestLags(limit);
    }

    @Override
    public List<ConsumerLag> largestLags(int limit, Predicate<StreamName> visible) {
        requireLimit(limit);
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
        requireStream(stream);
        return traffic.rates(stream);
    }

    @Override
    public RecordedEvent event(StreamName stream, EventId id) {
        return events.findEvent(stream, id).orElseThrow(() -> events.findStream(stream).isEmpty()
                ? new StreamNotFound(stream)
                : new EventNotFound(stream, id));
    }
}

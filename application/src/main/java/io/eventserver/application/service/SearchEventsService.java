package io.eventserver.application.service;

import java.util.Objects;
import java.util.Optional;

import io.eventserver.application.port.in.SearchEventsUseCase;
import io.eventserver.application.port.out.EventFilter;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.JsonDocuments;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamNotFound;

public final class SearchEventsService implements SearchEventsUseCase {

    /** The default of {@code api.max-scan}. */
    public static final int DEFAULT_MAX_SCAN = 100_000;

    private final EventStore events;
    private final JsonDocuments json;
    private final int maxLimit;
    private final int maxScan;

    /**
     * @param maxLimit the largest {@code limit} a search may ask for
     * @param maxScan  the most events one search examines ({@code api.max-scan})
     */
    public SearchEventsService(EventStore events, JsonDocuments json, int maxLimit, int maxScan) {
        this.events = Objects.requireNonNull(events, "events");
        this.json = Objects.requireNonNull(json, "json");
        if (maxLimit < 1 || maxScan < 1) {
            throw new IllegalArgumentException("maxLimit and maxScan must be >= 1");
        }
        this.maxLimit = maxLimit;
        this.maxScan = maxScan;
    }

    @Override
    public Found search(SearchQuery query) {
        if (query.limit() > maxLimit) {
            throw new InvalidValue("limit must be an integer <= " + maxLimit);
        }
        EventFilter filter = new EventFilter(query.since(), query.until(), query.contains()
                .map(object -> new EventFilter.Containment(object, json.containing(object))));
        if (events.findStream(query.stream()).isEmpty()) {
            throw new StreamNotFound(query.stream());
        }
        EventStore.Scan scan = events.scan(query.stream(), query.eventName(), query.after(), query.limit(), maxScan,
                filter);
        Optional<Sequence> last = events.lastSequence(query.stream(), query.eventName());
        Optional<Sequence> next = scan.examined()
                .filter(examined -> last.map(newest -> examined.value() < newest.value()).orElse(false));
        return new Found(scan.found(), next);
    }
}

package io.eventserver.application.port.in;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.EventNameSummary;
import io.eventserver.application.model.StreamRates;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.stream.StreamName;

/**
 * What operators can look at: streams, their event names, their consumers' lag, single events. Reading changes
 * nothing. Every list is a page of at most the configured most ({@code api.max-limit}), whatever the storage holds
 * (issue 29); its {@code next} is the {@code after} of the following page.
 */
public interface InspectStreamsUseCase {

    /**
     * @param after the last stream name of the previous page; empty for the first page
     * @param limit   1..the most of a page
     * @param visible which streams the asker may see; the others are left out of the page
     * @throws io.eventserver.domain.common.InvalidValue when the limit is outside that range
     */
    StreamPage streams(Optional<StreamName> after, int limit, Predicate<StreamName> visible);

    /** @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist */
    StreamSummary stream(StreamName name);

    /**
     * The stream's event names after {@code after}, in the order of their UTF-8 bytes, each with its number of
     * events.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws io.eventserver.domain.common.InvalidValue   when the limit is outside 1..the most of a page
     */
    EventNamePage eventNames(StreamName stream, Optional<EventName> after, int limit);

    /**
     * The stream's consumer cursors after {@code after}, ordered by event name, then consumer.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws io.eventserver.domain.common.InvalidValue   when the limit is outside 1..the most of a page
     */
    ConsumerPage consumers(StreamName stream, Optional<ConsumerLag.Position> after, int limit);

    /**
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     * @throws io.eventserver.domain.event.EventNotFound    when the stream has no event with that id
     */
    RecordedEvent event(StreamName stream, EventId id);

    /** The {@code limit} consumer cursors furthest behind across all streams, for metrics. */
    List<ConsumerLag> largestLags(int limit);

    /**
     * The {@code limit} consumer cursors furthest behind (most events) across the streams {@code visible} accepts,
     * largest first.
     *
     * @param limit 1..the most of a page
     * @throws io.eventserver.domain.common.InvalidValue when the limit is outside that range
     */
    List<ConsumerLag> largestLags(int limit, Predicate<StreamName> visible);

    /**
     * Events published to and acknowledged in the stream per interval over the last minutes, as this process
     * counted them.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     */
    StreamRates rates(StreamName stream);

    /** The most of a page unless configured otherwise ({@code api.max-limit}'s default). */
    int MAX_PAGE = 1000;

    /** @param next the {@code after} of the next page; empty on the last page */
    record StreamPage(List<StreamSummary> streams, Optional<StreamName> next) {
    }

    /** @param next the {@code after} of the next page; empty on the last page */
    record EventNamePage(List<EventNameSummary> eventNames, Optional<EventName> next) {
    }

    /** @param next the {@code after} of the next page; empty on the last page */
    record ConsumerPage(List<ConsumerLag> consumers, Optional<ConsumerLag.Position> next) {
    }
}

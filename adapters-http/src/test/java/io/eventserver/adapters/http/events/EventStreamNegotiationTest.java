package io.eventserver.adapters.http.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which {@code Accept} media ranges ask for Server-Sent Events (issue 29, point 9): {@code text/event-stream} named
 * with a weight above 0. {@code q=0} means "not acceptable" (RFC 9110, 12.4.2), so such a request is answered with
 * the JSON array instead of a stream that would hold a waiting place.
 */
class EventStreamNegotiationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "text/event-stream                       | true",
        "TEXT/Event-Stream                       | true",
        " text/event-stream ; charset=utf-8      | true",
        "text/event-stream;q=1                   | true",
        "text/event-stream;q=0.001               | true",
        "text/event-stream; Q=0.5                | true",
        "text/event-stream;q=0                   | false",
        "text/event-stream;q=0.000               | false",
        "text/event-stream ; q=0.0               | false",
        "text/event-stream;q=2                   | false",
        "text/event-stream;q=-1                  | false",
        "text/event-stream;q=abc                 | false",
        "text/event-stream;q=0.5000              | false",
        "text/*                                  | false",
        "*/*                                     | false",
        "application/json                        | false",
        "text/event-streams                      | false"})
    void aMediaRangeAsksForAStreamWhenItNamesTextEventStreamWithAWeightAboveZero(String range, boolean streams) {
        assertEquals(streams, EventsHttpService.acceptsEventStream(range), range);
    }
}

package io.eventserver.application.service;

import static io.eventserver.application.TestEvents.draft;
import static io.eventserver.application.TestEvents.uniqueStream;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.Test;

/** The positions a leased read remembers for the batch ACK that follows (ADR 70): all or nothing, per stream, bounded. */
class LeasedPositionsTest {

    private static final EventName PAID = new EventName("Paid");

    private static RecordedEvent event(long sequence) {
        return new RecordedEvent(EventId.generate(), PAID, new Sequence(sequence), Instant.now(),
                draft("Paid").document());
    }

    @Test
    void knowsEveryEventItWasToldOfInItsStreamOnly() {
        LeasedPositions positions = new LeasedPositions(10);
        StreamName stream = uniqueStream();
        RecordedEvent one = event(1);
        RecordedEvent two = event(2);
        positions.remember(stream, PAID, List.of(one, two));

        assertEquals(Optional.of(Map.of(two.id(), new EventPosition(PAID, new Sequence(2)),
                one.id(), new EventPosition(PAID, new Sequence(1)))), positions.all(stream, List.of(two.id(), one.id())));
        assertEquals(Optional.empty(), positions.all(stream, List.of(one.id(), EventId.generate())),
                "one unknown id: none");
        assertEquals(Optional.empty(), positions.all(uniqueStream(), List.of(one.id())), "another stream");

        positions.forget(stream, List.of(one.id()));
        assertEquals(Optional.empty(), positions.all(stream, List.of(one.id())));
        assertEquals(1, positions.all(stream, List.of(two.id())).orElseThrow().size());
    }

    @Test
    void startsAgainEmptyWhenFull() {
        LeasedPositions positions = new LeasedPositions(3);
        StreamName stream = uniqueStream();
        RecordedEvent first = event(1);
        positions.remember(stream, PAID, List.of(first, event(2)));
        RecordedEvent third = event(3);
        RecordedEvent fourth = event(4);

        positions.remember(stream, PAID, List.of(third, fourth));

        assertEquals(Optional.empty(), positions.all(stream, List.of(first.id())));
        assertEquals(2, positions.all(stream, List.of(third.id(), fourth.id())).orElseThrow().size());
    }
}

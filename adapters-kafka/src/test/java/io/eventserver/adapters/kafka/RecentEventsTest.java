package io.eventserver.adapters.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import org.junit.jupiter.api.Test;

class RecentEventsTest {

    @Test
    void aPageIsTheUnbrokenRunRightAfterThePositionAndEndsAtTheFirstGap() {
        RecentEvents recent = new RecentEvents(100);
        recent.remember("t", events(3, 4, 5, 7, 8));

        assertEquals(List.of(3L, 4L, 5L), sequences(recent.after("t", 2, 10)));
        assertEquals(List.of(4L), sequences(recent.after("t", 3, 1)));
        // the next event is not here: nothing, so that the reader goes to Kafka and never skips 1, 2 or 6
        assertTrue(recent.after("t", 0, 10).isEmpty());
        assertTrue(recent.after("t", 5, 10).isEmpty());
        assertEquals(List.of(7L, 8L), sequences(recent.after("t", 6, 10)));
        assertTrue(recent.after("other", 2, 10).isEmpty());
    }

    @Test
    void eventsRememberedOutOfOrderOrTwiceCountOnce() {
        RecentEvents recent = new RecentEvents(100);
        recent.remember("t", events(2));
        recent.remember("t", events(1, 2));
        recent.remember("t", events(3));

        assertEquals(3, recent.size());
        assertEquals(List.of(1L, 2L, 3L), sequences(recent.after("t", 0, 10)));
    }

    @Test
    void theLeastRecentlyUsedTopicGoesFirstThenTheLowestSequences() {
        RecentEvents recent = new RecentEvents(6);
        recent.remember("old", events(1, 2, 3));
        recent.remember("used", events(1, 2, 3));
        recent.after("old", 0, 1); // "old" is now the most recently used
        recent.remember("new", events(1, 2, 3));

        assertEquals(6, recent.size());
        assertTrue(recent.after("used", 0, 10).isEmpty());
        assertEquals(3, recent.after("old", 0, 10).size());

        recent.remember("new", LongStream.rangeClosed(4, 10).mapToObj(RecentEventsTest::event).toList());
        assertEquals(6, recent.size());
        assertTrue(recent.after("old", 0, 10).isEmpty());
        assertTrue(recent.after("new", 0, 10).isEmpty());
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), sequences(recent.after("new", 4, 10)));
    }

    private static List<RecordedEvent> events(long... sequences) {
        return LongStream.of(sequences).mapToObj(RecentEventsTest::event).toList();
    }

    private static RecordedEvent event(long sequence) {
        return new RecordedEvent(EventId.generate(), new EventName("Created"), new Sequence(sequence),
                Instant.EPOCH, new EventDocument("{\"n\":" + sequence + "}"));
    }

    private static List<Long> sequences(List<RecordedEvent> events) {
        return events.stream().map(event -> event.sequence().value()).toList();
    }
}

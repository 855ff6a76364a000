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
        RecentEvents recent = new RecentEvents(100, 4);
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
        RecentEvents recent = new RecentEvents(100, 4);
        recent.remember("t", events(2));
        recent.remember("t", events(1, 2));
        recent.remember("t", events(3));

        assertEquals(3, recent.size());
        assertEquals(List.of(1L, 2L, 3L), sequences(recent.after("t", 0, 10)));
    }

    @Test
    void theLeastRecentlyUsedBlockGoesFirstWhateverItsTopic() {
        // blocks of 3: sequences 3-5 are block 1, 6-8 block 2, 9-11 block 3
        RecentEvents recent = new RecentEvents(6, 3);
        recent.remember("old", events(3, 4, 5));
        recent.remember("used", events(3, 4, 5));
        recent.after("old", 2, 1); // "old" is now the most recently used
        recent.remember("new", events(3, 4, 5));

        assertEquals(6, recent.size());
        assertTrue(recent.after("used", 2, 10).isEmpty());
        assertEquals(3, recent.after("old", 2, 10).size());

        recent.remember("new", LongStream.rangeClosed(6, 11).mapToObj(RecentEventsTest::event).toList());
        assertEquals(6, recent.size());
        assertTrue(recent.after("old", 2, 10).isEmpty());
        assertTrue(recent.after("new", 2, 10).isEmpty());
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L, 11L), sequences(recent.after("new", 5, 10)));
    }

    @Test
    void readersAtTheStartOfATopicKeepTheirEventsWhileItGrowsAtItsEnd() {
        RecentEvents recent = new RecentEvents(6, 3);
        recent.remember("t", events(3, 4, 5));
        recent.remember("t", events(6, 7, 8));
        assertEquals(List.of(3L, 4L, 5L), sequences(recent.after("t", 2, 3))); // a reader at the start uses block 1

        recent.remember("t", events(9, 10, 11)); // a publish at the end: block 2, used least recently, goes

        assertEquals(6, recent.size());
        assertEquals(List.of(3L, 4L, 5L), sequences(recent.after("t", 2, 10)), "the run ends at the gap");
        assertTrue(recent.after("t", 5, 10).isEmpty(), "the reader goes to Kafka for 6, never skips it");
        assertEquals(List.of(9L, 10L, 11L), sequences(recent.after("t", 8, 10)));
    }

    @Test
    void aPageAcrossBlocksKeepsEveryBlockItRead() {
        RecentEvents recent = new RecentEvents(9, 3);
        recent.remember("t", events(3, 4, 5, 6, 7, 8));
        recent.remember("other", events(3, 4, 5));
        assertEquals(6, recent.after("t", 2, 10).size()); // blocks 1 and 2 of "t" are now the most recent

        recent.remember("other", events(6, 7, 8));

        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L), sequences(recent.after("t", 2, 10)));
        assertTrue(recent.after("other", 2, 10).isEmpty());
        assertEquals(List.of(6L, 7L, 8L), sequences(recent.after("other", 5, 10)));
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

package io.eventserver.application.port.out;

import static io.eventserver.application.TestEvents.draft;
import static io.eventserver.application.TestEvents.producer;
import static io.eventserver.application.TestEvents.uniqueStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CursorStore} must do. An adapter proves itself by extending this class; the event store is
 * needed because a cursor can only point into a (stream, event name) that has events.
 */
public abstract class CursorStoreContractTest {

    private static final ConsumerId CONSUMER = new ConsumerId("consumer-1");
    private static final EventName CREATED = new EventName("Created");

    /** The engine under test: the stores of one database or cluster, opened once for the test class. */
    protected abstract StorageEngine storage();

    protected final EventStore eventStore() {
        return storage().eventStore();
    }

    protected final CursorStore cursorStore() {
        return storage().cursorStore();
    }

    @Test
    void aConsumerThatAcknowledgedNothingHasNoCursor() {
        StreamName stream = streamWithEvents(3, "Created");

        assertTrue(cursorStore().find(CONSUMER, stream, CREATED).isEmpty());
    }

    @Test
    void aSavedCursorIsFoundAgain() {
        StreamName stream = streamWithEvents(3, "Created");
        ConsumerCursor cursor = ConsumerCursor.at(CONSUMER, stream, CREATED, new Sequence(2));

        cursorStore().save(cursor);

        assertEquals(cursor, cursorStore().find(CONSUMER, stream, CREATED).orElseThrow());
    }

    @Test
    void savingNeverMovesAnOffsetBackwards() {
        StreamName stream = streamWithEvents(3, "Created");
        cursorStore().save(ConsumerCursor.at(CONSUMER, stream, CREATED, new Sequence(3)));

        cursorStore().save(ConsumerCursor.at(CONSUMER, stream, CREATED, new Sequence(1)));

        assertEquals(new Sequence(3), cursorStore().find(CONSUMER, stream, CREATED).orElseThrow().offset());
    }

    @Test
    void overwritingMovesAnOffsetEitherWayAndCreatesTheCursor() {
        StreamName stream = streamWithEvents(5, "Created");
        cursorStore().overwrite(ConsumerCursor.at(CONSUMER, stream, CREATED, new Sequence(4)));
        assertEquals(new Sequence(4), cursorStore().find(CONSUMER, stream, CREATED).orElseThrow().offset());

        cursorStore().overwrite(ConsumerCursor.at(CONSUMER, stream, CREATED, Sequence.ZERO));
        assertEquals(Sequence.ZERO, cursorStore().find(CONSUMER, stream, CREATED).orElseThrow().offset());
    }

    @Test
    void cursorsAreKeptPerConsumerAndEventName() {
        StreamName stream = streamWithEvents(3, "Created");
        appendTo(stream, "Paid");
        ConsumerId other = new ConsumerId("consumer-2");
        EventName paid = new EventName("Paid");

        cursorStore().save(ConsumerCursor.at(CONSUMER, stream, CREATED, new Sequence(2)));

        assertTrue(cursorStore().find(other, stream, CREATED).isEmpty());
        assertTrue(cursorStore().find(CONSUMER, stream, paid).isEmpty());
        assertTrue(cursorStore().find(CONSUMER, streamWithEvents(3, "Created"), CREATED).isEmpty());
    }

    @Test
    void concurrentSavesEndAtTheHighestOffset() throws Exception {
        int events = 16;
        for (int round = 0; round < 10; round++) {
            StreamName stream = streamWithEvents(events, "Created");
            List<Integer> order = new ArrayList<>();
            for (int i = 1; i <= events; i++) {
                order.add(i);
            }
            Collections.shuffle(order);
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> saves = new ArrayList<>();
                for (int sequence : order) {
                    saves.add(pool.submit(() -> {
                        start.await();
                        cursorStore().save(ConsumerCursor.at(CONSUMER, stream, CREATED, new Sequence(sequence)));
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> save : saves) {
                    save.get(30, TimeUnit.SECONDS);
                }
            }
            assertEquals(new Sequence(events), cursorStore().find(CONSUMER, stream, CREATED).orElseThrow().offset(),
                    "round " + round);
        }
    }

    /** Issue 25: deleting a consumer takes its offsets of every event name of that stream, and nothing else. */
    @Test
    void aDeletedConsumerHasNoOffsetInThatStreamAndOthersKeepTheirs() {
        StreamName stream = streamWithEvents(3, "Created");
        appendTo(stream, "Paid");
        StreamName elsewhere = streamWithEvents(2, "Created");
        ConsumerId other = new ConsumerId("consumer-2");
        EventName paid = new EventName("Paid");
        cursorStore().save(ConsumerCursor.at(CONSUMER, stream, CREATED, new Sequence(2)));
        cursorStore().save(ConsumerCursor.at(CONSUMER, stream, paid, new Sequence(1)));
        cursorStore().save(ConsumerCursor.at(other, stream, CREATED, new Sequence(3)));
        cursorStore().save(ConsumerCursor.at(CONSUMER, elsewhere, CREATED, new Sequence(1)));

        assertTrue(cursorStore().deleteConsumer(CONSUMER, stream));

        assertTrue(cursorStore().find(CONSUMER, stream, CREATED).isEmpty());
        assertTrue(cursorStore().find(CONSUMER, stream, paid).isEmpty());
        assertEquals(new Sequence(3), cursorStore().find(other, stream, CREATED).orElseThrow().offset());
        assertEquals(new Sequence(1), cursorStore().find(CONSUMER, elsewhere, CREATED).orElseThrow().offset());
        assertFalse(cursorStore().deleteConsumer(CONSUMER, stream), "nothing left to delete");

        cursorStore().save(ConsumerCursor.at(CONSUMER, stream, CREATED, new Sequence(1)));
        assertEquals(new Sequence(1), cursorStore().find(CONSUMER, stream, CREATED).orElseThrow().offset(),
                "it starts afresh");
    }

    private StreamName streamWithEvents(int count, String eventName) {
        StreamName name = uniqueStream();
        Stream claimed = Stream.claim(name, producer("owner-1"));
        eventStore().append(claimed, claimed.append(claimed.owner(), draft(eventName)));
        for (int i = 1; i < count; i++) {
            appendTo(name, eventName);
        }
        return name;
    }

    private void appendTo(StreamName name, String eventName) {
        Stream stream = eventStore().findStream(name).orElseThrow();
        eventStore().append(stream, stream.append(stream.owner(), draft(eventName)));
    }
}

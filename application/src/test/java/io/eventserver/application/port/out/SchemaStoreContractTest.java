package io.eventserver.application.port.out;

import static io.eventserver.application.TestEvents.draft;
import static io.eventserver.application.TestEvents.producer;
import static io.eventserver.application.TestEvents.uniqueStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.schema.SchemaVersionExists;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.Test;

/** What every {@link SchemaStore} must do (ADR 66). An adapter proves itself by extending this class. */
public abstract class SchemaStoreContractTest {

    private static final EventName PLACED = new EventName("OrderPlaced");
    private static final String V1 = "{\"type\":\"object\"}";
    private static final String V2 = "{\"type\":\"object\",\"required\":[\"orderId\"]}";

    /** The engine under test: the stores of one database or cluster, opened once for the test class. */
    protected abstract StorageEngine storage();

    private SchemaStore schemas() {
        return storage().schemaStore();
    }

    /** A stream that exists: schemas belong to streams that do. */
    private StreamName stream() {
        Stream stream = Stream.claim(uniqueStream(), producer("owner-1"));
        storage().eventStore().append(stream, stream.append(stream.owner(), draft("Created")));
        return stream.name();
    }

    @Test
    void aVersionIsStoredOnceAndKeepsItsDocument() {
        StreamName stream = stream();

        assertEquals(SchemaStore.Stored.CREATED, schemas().put(stream, PLACED, new EventVersion(1), V1));
        assertEquals(SchemaStore.Stored.UNCHANGED, schemas().put(stream, PLACED, new EventVersion(1), V1));
        assertThrows(SchemaVersionExists.class, () -> schemas().put(stream, PLACED, new EventVersion(1), V2));
        assertEquals(Optional.of(V1), schemas().find(stream, PLACED, new EventVersion(1)));
        assertEquals(Optional.empty(), schemas().find(stream, PLACED, new EventVersion(2)));
        assertEquals(Optional.empty(), schemas().find(stream(), PLACED, new EventVersion(1)), "per stream");
    }

    @Test
    void versionsAreListedInOrderAndADeletedOneIsGone() {
        StreamName stream = stream();
        schemas().put(stream, PLACED, new EventVersion(10), V2);
        schemas().put(stream, PLACED, new EventVersion(2), V1);
        schemas().put(stream, new EventName("Other"), new EventVersion(1), V1);

        assertEquals(List.of(new EventVersion(2), new EventVersion(10)), schemas().versions(stream, PLACED));
        assertEquals(V2, schemas().all(stream, PLACED).get(new EventVersion(10)));
        assertTrue(schemas().delete(stream, PLACED, new EventVersion(2)));
        assertFalse(schemas().delete(stream, PLACED, new EventVersion(2)));
        assertEquals(List.of(new EventVersion(10)), schemas().versions(stream, PLACED));
        assertEquals(List.of(), schemas().versions(stream, new EventName("Never")));
    }

    @Test
    void everyChangeMovesTheRevisionAndReadsDoNot() {
        StreamName stream = stream();
        long before = schemas().revision();

        schemas().put(stream, PLACED, new EventVersion(1), V1);
        long afterPut = schemas().revision();
        assertNotEquals(before, afterPut);
        schemas().put(stream, PLACED, new EventVersion(1), V1);
        schemas().all(stream, PLACED);
        assertEquals(afterPut, schemas().revision(), "storing the same document again changes nothing");
        schemas().delete(stream, PLACED, new EventVersion(1));
        assertNotEquals(afterPut, schemas().revision());
    }

    @Test
    void ofConcurrentPutsOfOneVersionWithDifferentDocumentsExactlyOneIsStored() throws Exception {
        StreamName stream = stream();
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String document = "{\"description\":\"racer " + i + "\"}";
                answers.add(pool.submit(() -> {
                    start.await();
                    try {
                        return schemas().put(stream, PLACED, new EventVersion(1), document)
                                == SchemaStore.Stored.CREATED;
                    } catch (SchemaVersionExists refused) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Boolean> answer : answers) {
                created += answer.get() ? 1 : 0;
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
    }
}

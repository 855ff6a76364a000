package io.eventserver.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import io.eventserver.application.Eventually;
import io.eventserver.adapters.postgres.sql.SqlFailures;
import io.eventserver.adapters.postgres.streams.StreamDirectory;
import io.eventserver.application.TestEvents;
import io.eventserver.application.port.out.AppendResult;
import io.eventserver.application.port.out.CursorStoreContractTest;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.EventStoreContractTest;
import io.eventserver.application.port.out.IdOwnershipContractTest;
import io.eventserver.application.port.out.LeaseStoreContractTest;
import io.eventserver.application.port.out.RetentionStoreContractTest;
import io.eventserver.application.port.out.SchemaStoreContractTest;
import io.eventserver.application.port.out.StorageEngine;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.application.port.out.StreamCatalogContractTest;
import io.eventserver.application.port.out.UserStoreContractTest;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.event.UnexpectedLastSequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The port contracts, run against the PostgreSQL adapter on a real PostgreSQL. */
class PostgresStoresTest {

    private static DatabaseSettings database;
    private static PostgresPersistence persistence;
    /** The same stores as the engine the server runs on, for the contract tests. */
    private static PostgresStorage storage;
    /** A second engine on the same database, for the contract tests that race two nodes. */
    private static PostgresStorage otherNode;

    @BeforeAll
    static void openDatabase() {
        database = TestDatabases.create();
        persistence = PostgresPersistence.open(database);
        storage = PostgresStorage.open(new PostgresSettings(Optional.of(database.url()),
                database.user(), database.password(), database.pool(), Path.of("unused"),
                EventStoreContractTest.MAX_EVENT_NAMES));
        otherNode = PostgresStorage.open(new PostgresSettings(Optional.of(database.url()),
                database.user(), database.password(), database.pool(), Path.of("unused"),
                EventStoreContractTest.MAX_EVENT_NAMES));
    }

    @AfterAll
    static void closeDatabase() {
        otherNode.close();
        storage.close();
        persistence.close();
    }

    /**
     * Claiming a stream and storing its first event is one transaction: when the event insert fails (here: an id
     * that is already taken), the stream is not created and no sequence number is used up.
     */
    @Test
    void aFailedFirstAppendLeavesNoStreamAndNoSequenceBehind() {
        EventStore store = persistence.eventStore();
        StreamName existing = TestEvents.uniqueStream();
        Stream first = Stream.claim(existing, TestEvents.producer("owner-1"));
        RecordedEvent taken = store.append(first, first.append(first.owner(), TestEvents.draft("Created")));

        StreamName fresh = TestEvents.uniqueStream();
        Stream claim = Stream.claim(fresh, TestEvents.producer("owner-2"));
        EventAppended clash = new EventAppended(fresh, taken.id(), TestEvents.draft("Created"));
        assertThrows(RuntimeException.class, () -> store.append(claim, clash));

        assertTrue(store.findStream(fresh).isEmpty());
        Stream retry = Stream.claim(fresh, TestEvents.producer("owner-3"));
        RecordedEvent stored = store.append(retry, retry.append(retry.owner(), TestEvents.draft("Created")));
        assertEquals(new Sequence(1), stored.sequence());
        assertEquals(TestEvents.producer("owner-3"), store.findStream(fresh).orElseThrow().owner());
    }

    /**
     * Concurrent appends share group-commit batches. An append that cannot be stored (an id that is taken) must fail
     * alone: the others are stored with consecutive sequences, and no sequence number is lost to the failed one.
     */
    @Test
    void aFailingAppendAmongConcurrentOnesFailsAloneAndLeavesNoGap() throws Exception {
        EventStore store = persistence.eventStore();
        StreamName name = TestEvents.uniqueStream();
        Stream created = Stream.claim(name, TestEvents.producer("owner"));
        RecordedEvent taken = store.append(created, created.append(created.owner(), TestEvents.draft("Created")));
        Stream stream = store.findStream(name).orElseThrow();

        int appends = 32;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(appends)) {
            for (int i = 0; i < appends; i++) {
                EventAppended event = i == appends / 2
                        ? new EventAppended(name, taken.id(), TestEvents.draft("Created"))
                        : stream.append(stream.owner(), TestEvents.draft("Created"));
                results.add(threads.submit(() -> {
                    start.await();
                    return store.append(stream, event).sequence().value();
                }));
            }
            start.countDown();
        }
        Set<Long> sequences = new TreeSet<>();
        int failures = 0;
        for (Future<Long> result : results) {
            try {
                sequences.add(result.get());
            } catch (ExecutionException e) {
                failures++;
            }
        }
        assertEquals(1, failures);
        assertEquals(LongStream.rangeClosed(2, appends).boxed().toList(), List.copyOf(sequences));
        assertEquals(LongStream.rangeClosed(1, appends).boxed().toList(),
                store.readAfter(name, TestEvents.draft("Created").name(), Sequence.ZERO, 100).stream()
                        .map(event -> event.sequence().value()).toList());
    }

    /**
     * Closing the store while appends arrive: every append ends at once — stored (and then readable), or refused as
     * unavailable — and none is stranded in the queue waiting for a writer that has stopped. (Before the fix such an
     * append waited out its 60-second limit; the 30-second bound here only stops a test that would hang.)
     */
    @Test
    void closingWhileAppendsArriveStrandsNone() throws Exception {
        DatabaseSettings own = TestDatabases.create();
        PostgresPersistence closing = PostgresPersistence.open(own);
        EventStore store = closing.eventStore();
        StreamName name = TestEvents.uniqueStream();
        Stream created = Stream.claim(name, TestEvents.producer("owner"));
        store.append(created, created.append(created.owner(), TestEvents.draft("Created")));
        Stream stream = store.findStream(name).orElseThrow();

        AtomicInteger stored = new AtomicInteger(1);
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch appending = new CountDownLatch(8);
        List<Future<?>> appenders = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                appenders.add(threads.submit(() -> {
                    appending.countDown();
                    while (true) {
                        try {
                            store.append(stream, stream.append(stream.owner(), TestEvents.draft("Created")));
                            stored.incrementAndGet();
                        } catch (StoreUnavailable closed) {
                            refused.incrementAndGet();
                            return null;
                        }
                    }
                }));
            }
            appending.await();
            Thread.sleep(200);
            closing.close();
            for (Future<?> appender : appenders) {
                appender.get(30, TimeUnit.SECONDS);
            }
        }

        assertEquals(8, refused.get(), "every appender was told the store closed");
        PostgresPersistence reopened = PostgresPersistence.open(own);
        try {
            List<RecordedEvent> events = reopened.eventStore().readAfter(name, TestEvents.draft("Created").name(),
                    Sequence.ZERO, 100_000);
            assertEquals(stored.get(), events.size(), "every append that returned is stored, and only those");
        } finally {
            reopened.close();
        }
    }

    /** The group commit's look-up of stream ids that are not cached (say, after the cache was emptied). */
    @Test
    void streamIdsThatAreNotCachedAreReadFromTheDatabase() throws Exception {
        EventStore store = persistence.eventStore();
        StreamName first = TestEvents.uniqueStream();
        StreamName second = TestEvents.uniqueStream();
        for (StreamName name : List.of(first, second)) {
            Stream claim = Stream.claim(name, TestEvents.producer("owner"));
            store.append(claim, claim.append(claim.owner(), TestEvents.draft("Created")));
        }
        Map<String, Long> ids = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            new StreamDirectory(null).readIds(connection, List.of(first.value(), second.value(), "no-such-stream"), ids);
        }
        assertEquals(Set.of(first.value(), second.value()), ids.keySet());
        assertTrue(ids.get(first.value()) < ids.get(second.value()), "ids follow creation order");
    }

    /**
     * Issue 29, point 9: a full disk (SQL state class 53, insufficient resources: 53100 disk full) is the database
     * being unavailable — 503 and a retry later — not a bug (500). A trigger raises 53100 on every event insert, as
     * PostgreSQL does when it cannot extend a file; the append fails as unavailable and stores nothing.
     */
    @Test
    void aFullDiskIsTheDatabaseBeingUnavailable() throws Exception {
        DatabaseSettings own = TestDatabases.create();
        PostgresPersistence full = PostgresPersistence.open(own);
        try (Connection connection = DriverManager.getConnection(own.url(), own.user(), own.password());
             var statement = connection.createStatement()) {
            EventStore store = full.eventStore();
            StreamName name = TestEvents.uniqueStream();
            Stream created = Stream.claim(name, TestEvents.producer("owner"));
            store.append(created, created.append(created.owner(), TestEvents.draft("Created")));
            Stream stream = store.findStream(name).orElseThrow();
            statement.execute("create function disk_full() returns trigger language plpgsql as $$ begin "
                    + "raise exception 'could not extend file: No space left on device' using errcode = '53100'; "
                    + "end $$");
            statement.execute("create trigger disk_full before insert on events for each statement "
                    + "execute function disk_full()");

            assertThrows(StoreUnavailable.class,
                    () -> store.append(stream, stream.append(stream.owner(), TestEvents.draft("Created"))));
            Stream fresh = Stream.claim(TestEvents.uniqueStream(), TestEvents.producer("owner"));
            assertThrows(StoreUnavailable.class,
                    () -> store.append(fresh, fresh.append(fresh.owner(), TestEvents.draft("Created"))));

            statement.execute("drop trigger disk_full on events");
            assertEquals(1, store.readAfter(name, TestEvents.draft("Created").name(), Sequence.ZERO, 10).size());
            assertTrue(store.findStream(fresh.name()).isEmpty(), "the refused first append created no stream");
            assertEquals(new Sequence(2),
                    store.append(stream, stream.append(stream.owner(), TestEvents.draft("Created"))).sequence());
        } finally {
            full.close();
        }
    }

    /**
     * Issue 29: the most event names of a stream hold across processes. Two engines on one database (two nodes, two
     * group-commit writers) race new names into one stream; the stream row's lock makes them count one after the
     * other, so exactly the names left are stored — also when the names were not cached by either.
     */
    @Test
    void theMostEventNamesHoldAcrossProcesses() throws Exception {
        int max = EventStoreContractTest.MAX_EVENT_NAMES;
        PostgresPersistence other = PostgresPersistence.open(database, max);
        try {
            EventStore one = storage.eventStore();
            EventStore two = other.eventStore();
            for (int round = 0; round < 5; round++) {
                StreamName name = TestEvents.uniqueStream();
                Stream claim = Stream.claim(name, TestEvents.producer("owner"));
                one.append(claim, claim.append(claim.owner(), TestEvents.draft("Created")));
                Stream stream = one.findStream(name).orElseThrow();
                int racers = 4 * max;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> answers = new ArrayList<>();
                try (ExecutorService threads = Executors.newFixedThreadPool(racers)) {
                    for (int i = 0; i < racers; i++) {
                        EventStore store = i % 2 == 0 ? one : two;
                        EventAppended event = stream.append(stream.owner(), TestEvents.draft("Racer" + i));
                        answers.add(threads.submit(() -> {
                            start.await();
                            try {
                                store.append(stream, event);
                                return true;
                            } catch (io.eventserver.domain.stream.TooManyEventNames refused) {
                                return false;
                            }
                        }));
                    }
                    start.countDown();
                }
                int stored = 0;
                for (Future<Boolean> answer : answers) {
                    stored += answer.get() ? 1 : 0;
                }
                assertEquals(max - 1, stored, "round " + round);
                try (Connection connection = DriverManager.getConnection(database.url(), database.user(),
                        database.password());
                     var count = connection.prepareStatement("select count(*) from event_sequences q join streams s"
                             + " on s.id = q.stream_id where s.name = ?")) {
                    count.setString(1, name.value());
                    try (var rows = count.executeQuery()) {
                        rows.next();
                        assertEquals(max, rows.getLong(1), "round " + round + ": counter rows");
                    }
                }
            }
        } finally {
            other.close();
        }
    }

    /**
     * Issue 26 (ADR 64): an expected sequence is checked and numbered in one step across processes, also for the
     * first event of a name (no counter row to lock yet) and beside appends without expectation to the same name:
     * an expecting append that stores always gets the sequence after its expectation, and of the expecting racers
     * at most one stores — exactly one when nothing else appends.
     */
    @Test
    void expectedSequencesHoldAcrossProcessesAndBesideAppendsWithoutExpectation() throws Exception {
        PostgresPersistence other = PostgresPersistence.open(database, EventStoreContractTest.MAX_EVENT_NAMES);
        try {
            EventStore[] nodes = {storage.eventStore(), other.eventStore()};
            StreamName name = TestEvents.uniqueStream();
            Stream claim = Stream.claim(name, TestEvents.producer("owner"));
            nodes[0].append(claim, claim.append(claim.owner(), TestEvents.draft("Created")));
            Stream stream = nodes[0].findStream(name).orElseThrow();
            for (int round = 0; round < 4; round++) {
                EventName eventName = new EventName("Name" + round);
                boolean mixed = round % 2 == 0;
                long expected = 0;
                if (!mixed) {
                    nodes[1].append(stream, stream.append(stream.owner(), TestEvents.draft(eventName.value())));
                    expected = 1;
                }
                long expectation = expected;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Long>> expecting = new ArrayList<>();
                List<Future<?>> plain = new ArrayList<>();
                try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
                    for (int i = 0; i < 10; i++) {
                        EventStore node = nodes[i % 2];
                        expecting.add(threads.submit(() -> {
                            start.await();
                            try {
                                AppendResult result = node.append(stream.append(stream.owner(),
                                        List.of(TestEvents.draft(eventName.value())),
                                        Optional.of(new Sequence(expectation))), Optional.empty());
                                return ((AppendResult.Appended) result).events().getFirst().sequence().value();
                            } catch (UnexpectedLastSequence refused) {
                                assertTrue(refused.last().value() > expectation, refused.getMessage());
                                return -1L;
                            }
                        }));
                    }
                    for (int i = 0; mixed && i < 4; i++) {
                        EventStore node = nodes[i % 2];
                        plain.add(threads.submit(() -> {
                            start.await();
                            return node.append(stream, stream.append(stream.owner(),
                                    TestEvents.draft(eventName.value())));
                        }));
                    }
                    start.countDown();
                }
                int stored = 0;
                for (Future<Long> answer : expecting) {
                    long sequence = answer.get();
                    if (sequence > 0) {
                        stored++;
                        assertEquals(expectation + 1, sequence, "round " + round + ": right after the expectation");
                    }
                }
                for (Future<?> answer : plain) {
                    answer.get();
                }
                if (mixed) {
                    assertTrue(stored <= 1, "round " + round + ": " + stored + " stored");
                } else {
                    assertEquals(1, stored, "round " + round);
                }
                assertEquals(new Sequence(expectation + plain.size() + stored),
                        nodes[0].lastSequence(name, eventName).orElseThrow(), "round " + round);
            }
        } finally {
            other.close();
        }
    }

    /**
     * Issue 26 (ADR 64): the first event of a name has no counter row to lock. Another transaction creates the row
     * while an append expecting 0 is between its check and its numbering; the numbering then meets that row, the check
     * after it refuses the append, and its transaction is rolled back: nothing of it is stored.
     */
    @Test
    void anExpectationMetByARowCreatedAfterTheCheckIsRefusedAndStoresNothing() throws Exception {
        StreamName name = TestEvents.uniqueStream();
        Stream claim = Stream.claim(name, TestEvents.producer("owner"));
        EventStore store = storage.eventStore();
        store.append(claim, claim.append(claim.owner(), TestEvents.draft("Created")));
        Stream stream = store.findStream(name).orElseThrow();
        try (Connection other = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            other.setAutoCommit(false);
            try (var insert = other.prepareStatement("with q as (insert into event_sequences (stream_id, event_name,"
                    + " last_sequence) select id, 'Late', 1 from streams where name = ? returning id)"
                    + " insert into events (event_sequence_id, sequence, event_id, document)"
                    + " select id, 1, gen_random_uuid(), '{}' from q")) {
                insert.setString(1, name.value());
                assertEquals(1, insert.executeUpdate());
            }
            try (ExecutorService thread = Executors.newSingleThreadExecutor()) {
                Future<AppendResult> expecting = thread.submit(() -> store.append(stream.append(stream.owner(),
                        List.of(TestEvents.draft("Late")), Optional.of(Sequence.ZERO)), Optional.empty()));
                Eventually.within(Eventually.GENEROUS, PostgresStoresTest::waitingForALock, waiting -> waiting);
                other.commit();
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> expecting.get(60, TimeUnit.SECONDS));
                UnexpectedLastSequence unexpected = assertInstanceOf(UnexpectedLastSequence.class, refused.getCause());
                assertEquals(new Sequence(1), unexpected.last());
            }
        }
        assertEquals(new Sequence(1), store.lastSequence(name, new EventName("Late")).orElseThrow());
        assertEquals(1, store.readAfter(name, new EventName("Late"), Sequence.ZERO, 10).size());
    }

    /** Whether a statement of this test database waits for a lock (the expecting append, blocked on the new row). */
    private static boolean waitingForALock() throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(),
                database.password());
             var query = connection.prepareStatement("select count(*) from pg_stat_activity"
                     + " where datname = current_database() and wait_event_type = 'Lock'");
             var rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    /**
     * Issue 29: the engine names the threads every request relies on, and each is seen dead once it has died — here
     * the notifications listener, killed by an Error in a listener as an OutOfMemoryError would kill it.
     */
    @Test
    void theEnginesVitalThreadsAreSeenDeadOnceTheyDie() throws Exception {
        DatabaseSettings own = TestDatabases.create();
        PostgresPersistence dying = PostgresPersistence.open(own);
        try {
            Map<String, java.util.function.BooleanSupplier> threads = new HashMap<>();
            dying.vitalThreads().forEach(thread -> threads.put(thread.name(), thread.alive()));
            assertEquals(Set.of("eventserver-group-commit", "eventserver-notifications"), threads.keySet());
            assertTrue(threads.values().stream().allMatch(java.util.function.BooleanSupplier::getAsBoolean));

            dying.userStore().onChange(login -> {
                throw new OutOfMemoryError("planted");
            });
            dying.userStore().save(new io.eventserver.domain.access.UserAccount(
                    new io.eventserver.domain.access.Login("vital-" + System.nanoTime()), "$x", Set.of(),
                    Optional.empty()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (threads.get("eventserver-notifications").getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(!threads.get("eventserver-notifications").getAsBoolean(), "the listener died of the error");
            assertTrue(threads.get("eventserver-group-commit").getAsBoolean());
        } finally {
            dying.close();
        }
    }

    @Test
    void insufficientResourcesAreUnavailabilityOtherFailuresAreNot() {
        for (String state : List.of("53000", "53100", "53200", "53300", "53400", "08006", "57P01", "57014")) {
            assertTrue(SqlFailures.isUnavailable(new RuntimeException(new java.sql.SQLException("x", state))), state);
        }
        for (String state : List.of("23505", "42601", "22001", "40001", "XX000")) {
            assertTrue(!SqlFailures.isUnavailable(new RuntimeException(new java.sql.SQLException("x", state))), state);
        }
    }

    @Test
    void anUnreachableDatabaseFailsTheStartWithAClearError() {
        assertThrows(IllegalStateException.class, () -> PostgresPersistence.open(new DatabaseSettings(
                "jdbc:postgresql://127.0.0.1:1/none", "postgres", "",
                new PoolSettings(1, java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(1)))));
    }

    /**
     * The events table has no foreign key to its counter rows (ADR 41): the append statement numbers each event from
     * the counter row it returns, so every event has one. Checked here after everything the other tests of this
     * class and the contract tests stored in this database (JUnit runs this one in its own order; the claim holds
     * at any point).
     */
    @Test
    void everyStoredEventHasItsCounterRow() throws Exception {
        EventStore store = persistence.eventStore();
        StreamName name = TestEvents.uniqueStream();
        Stream created = Stream.claim(name, TestEvents.producer("owner"));
        store.append(created, created.append(created.owner(), TestEvents.draft("Created")));
        Stream stream = store.findStream(name).orElseThrow();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 64; i++) {
                String eventName = "Name" + (i % 4);
                threads.submit(() -> store.append(stream, stream.append(stream.owner(), TestEvents.draft(eventName))));
            }
        }
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select count(*), count(q.id) from events e"
                        + " left join event_sequences q on q.id = e.event_sequence_id")) {
            rows.next();
            assertTrue(rows.getLong(1) >= 65, "the events just stored are counted");
            assertEquals(rows.getLong(1), rows.getLong(2), "events without a counter row");
        }
    }

    @Test
    void noMigrationIsPendingAfterOpening() {
        assertEquals(0, persistence.pendingMigrations());
    }

    @Nested
    class EventStoreContract extends EventStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }

        /** Another node with its own caches: what it remembers of a deleted stream must not outlive the deletion. */
        @Override
        protected StorageEngine otherNode() {
            return otherNode;
        }
    }

    @Nested
    class SchemaStoreContract extends SchemaStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }
    }

    @Nested
    class StreamCatalogContract extends StreamCatalogContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }
    }

    @Nested
    class CursorStoreContract extends CursorStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }
    }

    @Nested
    class LeaseStoreContract extends LeaseStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }

        /** The adapter opened a second time on the same database: another node, with its own pool and caches. */
        @Override
        protected StorageEngine otherNode() {
            return otherNode;
        }
    }

    @Nested
    class RetentionStoreContract extends RetentionStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }

        @Override
        protected StorageEngine otherNode() {
            return otherNode;
        }
    }

    @Nested
    class IdOwnershipContract extends IdOwnershipContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }
    }

    @Nested
    class UserStoreContract extends UserStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return storage;
        }
    }
}

package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Crash consistency: the real server process is killed with SIGKILL at random moments while 8 connections publish
 * and a consumer reads and acknowledges, then restarted, {@code crash.cycles} times (5 in CI;
 * {@code ./mvnw -pl bootstrap -am verify -Dit.test=CrashConsistencyIT -Dcrash.cycles=100} for a long run). The
 * checker then compares what the server stored with what every client was told.
 */
class CrashConsistencyIT {

    @Test
    void noAcknowledgedPublishIsLostAndNoAcknowledgedEventIsDeliveredAgainAcrossKills() throws Exception {
        int cycles = Integer.getInteger("crash.cycles", 5);
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> environment = Map.of("DB_URL", TestDatabases.create().url(),
                "DB_POOL_DASH_SIZE", "10");

        try (ServerProcess server = new ServerProcess("crash-consistency", environment).start()) {
            HttpTestClient http = new HttpTestClient(server.port()).as("alice", "alice-pw");
            Workload workload = new Workload(http, 8, 4);
            killAndRestart(server, workload, cycles, random);

            Workload.Report report = workload.check(http);
            String summary = "CRASH-CONSISTENCY cycles=" + cycles + " seed=" + seed + " " + report.summary();
            System.out.println(summary);
            Files.writeString(Path.of("target", "crash-consistency.txt"), summary + System.lineSeparator());

            assertTrue(report.problems().isEmpty(), String.join("\n", report.problems()));
            assertEquals(0, report.lost(), "acknowledged publishes lost");
            assertEquals(0, report.offsetsRegressed(), "offsets that moved backwards");
            assertTrue(report.acknowledgements() > 0, "the consumer acknowledged nothing: " + summary);
        }
    }

    /**
     * The guarantee we advertise (issue 10): producers send every publish with an {@code Idempotency-Key} and retry
     * it until answered, across the kills and restarts. Then nothing is lost, nothing is stored twice, and nothing
     * is in doubt.
     */
    @Test
    void withIdempotencyKeysAndRetriesNothingIsLostDuplicatedOrInDoubt() throws Exception {
        int cycles = Integer.getInteger("crash.cycles", 5);
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> environment = Map.of("DB_URL", TestDatabases.create().url(),
                "DB_POOL_DASH_SIZE", "10");

        try (ServerProcess server = new ServerProcess("crash-consistency-keyed", environment).start()) {
            HttpTestClient http = new HttpTestClient(server.port()).as("alice", "alice-pw");
            Workload workload = new Workload(http, 8, 4).withIdempotencyKeys();
            killAndRestart(server, workload, cycles, random);

            Workload.Report report = workload.check(http);
            String summary = "CRASH-CONSISTENCY keyed cycles=" + cycles + " seed=" + seed + " " + report.summary()
                    + " retries=" + workload.retries() + " replayed=" + workload.replayed()
                    + " skipped=" + workload.skipped();
            System.out.println(summary);
            Files.writeString(Path.of("target", "crash-consistency-keyed.txt"), summary + System.lineSeparator());

            assertTrue(report.problems().isEmpty(), String.join("\n", report.problems()));
            assertEquals(0, report.lost(), "lost");
            assertEquals(0, report.duplicates(), "duplicated");
            assertEquals(0, report.inDoubt(), "in doubt");
            assertEquals(0, report.notSent(), "not sent");
            assertEquals(0, workload.skipped(), "events a consumer skipped");
            assertTrue(workload.retries() > 0, "the kills interrupted no publish: " + summary);
        }
    }

    /** Runs the workload through {@code cycles} SIGKILLs at random moments, each followed by a restart. */
    private static void killAndRestart(ServerProcess server, Workload workload, int cycles, Random random)
            throws Exception {
        workload.start();
        for (int cycle = 1; cycle <= cycles; cycle++) {
            workload.awaitMoreAcknowledged(20);
            Thread.sleep(random.nextInt(1500));
            server.kill();
            Thread.sleep(random.nextInt(500));
            server.start();
        }
        workload.awaitMoreAcknowledged(20);
        workload.stop();
    }
}

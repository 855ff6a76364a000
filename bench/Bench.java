import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The eventserver benchmark: starts the built server (bin/eventserver) against a fresh database on a real PostgreSQL, runs the
 * scenarios of docs/benchmarks.md against it over HTTP with a small keep-alive HTTP/1.1 client (one platform thread
 * per connection, latencies recorded per request), runs pgbench's single-row insert of the same row shape in the
 * same session as the baseline, and prints the results table (also written to docs/benchmarks.md).
 *
 * Usage (see bench/run.sh): java -cp <postgresql driver> bench/Bench.java [seconds-per-scenario]
 * BENCH_ONLY=retention: the retention and disk cycles of issue 25 alone (BENCH_RETENTION_EVENTS per cycle, default
 * 1,000,000; BENCH_RETENTION_CYCLES, default 5; BENCH_RETENTION_WRITE=no prints without writing the docs).
 * Environment: BENCH_PG (JDBC URL of a maintenance database, default jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres),
 * PGBENCH (path to pgbench), BENCH_JAVA_OPTS (extra JVM options of the server), BENCH_PORT, BENCH_POOL (pool size);
 * the server is started by bin/eventserver, so its EVENTSERVER_HEAP applies too.
 */
public class Bench {

    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes());
    static final String PAYLOAD_TEXT = "x".repeat(230);
    static int seconds = 10;

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            seconds = Integer.parseInt(args[0]);
        }
        String pg = env("BENCH_PG", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        String database = "eventserver_bench_" + System.currentTimeMillis();
        execute(pg, "create database " + database + " encoding 'UTF8' template template0");
        execute(pg, "create database " + database + "_pgbench encoding 'UTF8' template template0");
        String dbUrl = pg.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        String pgbenchUrl = pg.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "_pgbench$1");
        Map<String, String> results = RESULTS;
        List<String> rows = new ArrayList<>();
        if (env("BENCH_ONLY", "").equals("kafka")) {
            // a quick loop on the Kafka engine alone; prints its rows and leaves docs/benchmarks.md as it is
            try {
                onKafka(dbUrl, Integer.parseInt(env("BENCH_PORT", "18099")) + 20, env("BENCH_KAFKA", ""))
                        .forEach(System.out::println);
            } finally {
                dropDatabases(pg, database);
            }
            return;
        }
        if (env("BENCH_ONLY", "").equals("lease")) {
            // issue 24's scenarios alone, on PostgreSQL and (with BENCH_KAFKA) on Kafka; prints only
            int port = Integer.parseInt(env("BENCH_PORT", "18099"));
            Process server = startServer(dbUrl);
            try {
                awaitFirst200(port, System.nanoTime());
                String warm = prepopulate(dbUrl, port, 20_000);
                boolean quick = !env("BENCH_LEASE_QUICK", "").isEmpty();
                if (quick) {
                    consume(port, warm, 1, true);
                    leasedReplicas(port, warm, 3);
                } else {
                    leased(port, warm, "warm-up");
                }
                String stream = prepopulate(dbUrl, port, 300_000);
                if (quick) {
                    // a quick loop for the lease path: the leased replicas against one cumulative consumer only
                    Result cumulative = consume(port, stream, 1, true);
                    Result replicas = leasedReplicas(port, stream, 3);
                    System.out.printf(Locale.ROOT, "cumulative 1: %.0f events/s; 3 leased replicas: %.0f events/s"
                            + " (p50 %.1f ms); %.2f×%n", cumulative.rate, replicas.rate, replicas.percentile(50),
                            replicas.rate / cumulative.rate);
                } else {
                    leased(port, stream, "PostgreSQL engine").forEach(System.out::println);
                }
            } finally {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
            try {
                String kafka = env("BENCH_KAFKA", "");
                if (!kafka.isBlank()) {
                    onKafkaLeased(dbUrl, port + 20, kafka).forEach(System.out::println);
                }
            } finally {
                dropDatabases(pg, database);
            }
            return;
        }
        if (env("BENCH_ONLY", "").equals("wake")) {
            // a quick loop on the wake-up scenario alone, with the server's CPU per answer; prints only
            Process server = startServer(dbUrl);
            int port = Integer.parseInt(env("BENCH_PORT", "18099"));
            try {
                awaitFirst200(port, System.nanoTime());
                wakeLatency(port, 100);
                long cpu = cpuTicks(List.of(server));
                Result wake = wakeLatency(port, 100);
                System.out.println(row(withCpu("wake-up: commit to the answer of 100 waiting consumers",
                        (cpuTicks(List.of(server)) - cpu) * 10_000.0 / (wake.rate * seconds)), wake.rate, wake,
                        "answers/s"));
            } finally {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
                dropDatabases(pg, database);
            }
            return;
        }
        if (env("BENCH_ONLY", "").equals("retention")) {
            // issue 25: does the disk stop growing, and do publishes keep their pace while retention removes?
            // Prints its table and writes the retention section of docs/benchmarks.md
            try {
                String table = retention(dbUrl, Integer.parseInt(env("BENCH_PORT", "18099")),
                        Integer.parseInt(env("BENCH_RETENTION_EVENTS", "1000000")),
                        Integer.parseInt(env("BENCH_RETENTION_CYCLES", "5")));
                System.out.println(table);
                if (!env("BENCH_RETENTION_WRITE", "yes").equals("no")) {
                    writeSection("retention", table);
                }
            } finally {
                dropDatabases(pg, database);
            }
            return;
        }
        if (env("BENCH_ONLY", "").equals("schema")) {
            // issue 26: the server CPU of a publish at 64 connections without and with a JSON Schema to validate
            try {
                schemaCost(dbUrl, Integer.parseInt(env("BENCH_PORT", "18099")) + 40).forEach(System.out::println);
            } finally {
                dropDatabases(pg, database);
            }
            return;
        }
        if (env("BENCH_ONLY", "").equals("wrk")) {
            // a quick loop on the wrk scenarios alone (and their pgbench baselines); prints, leaves the docs alone
            try {
                double pgbench1 = pgbench(pgbenchUrl, 1);
                double pgbench16 = pgbench(pgbenchUrl, 16);
                double pgbench32 = pgbench(pgbenchUrl, 32);
                double pgbenchBatch1 = pgbench(pgbenchUrl, 1, BATCH) * BATCH;
                double pgbenchBatch16 = pgbench(pgbenchUrl, 16, BATCH) * BATCH;
                int port = Integer.parseInt(env("BENCH_PORT", "18099"));
                Process loader = startServer(dbUrl);
                awaitFirst200(port, System.nanoTime());
                String readStream = prepopulate(dbUrl, port, 100_000);
                loader.destroy();
                loader.waitFor(30, TimeUnit.SECONDS);
                rows.addAll(withWrk(dbUrl, port + 30, readStream, Map.of(1, pgbench1, 16, pgbench16, 64, pgbench32),
                        pgbenchBatch1, pgbenchBatch16, results));
                System.out.printf(Locale.ROOT, "pgbench: %.0f / %.0f / %.0f tx/s at 1 / 16 / 32 clients, %.0f / %.0f"
                        + " rows/s in batches of %d at 1 / 16%n", pgbench1, pgbench16, pgbench32, pgbenchBatch1,
                        pgbenchBatch16, BATCH);
                rows.forEach(System.out::println);
                System.out.println(results);
            } finally {
                dropDatabases(pg, database);
            }
            return;
        }
        try {
            double pgbench1 = pgbench(pgbenchUrl, 1);
            double pgbench16 = pgbench(pgbenchUrl, 16);
            double pgbench32 = pgbench(pgbenchUrl, 32);
            rows.add(row("pgbench single-row INSERT, 1 client (baseline)", pgbench1, null, "tx/s"));
            rows.add(row("pgbench single-row INSERT, 16 clients (baseline)", pgbench16, null, "tx/s"));
            rows.add(row("pgbench single-row INSERT, 32 clients (baseline)", pgbench32, null, "tx/s"));
            double pgbenchBatch1 = pgbench(pgbenchUrl, 1, BATCH) * BATCH;
            double pgbenchBatch16 = pgbench(pgbenchUrl, 16, BATCH) * BATCH;
            rows.add(row("pgbench " + BATCH + "-row INSERT per transaction, 1 client (baseline)", pgbenchBatch1, null,
                    "rows/s"));
            rows.add(row("pgbench " + BATCH + "-row INSERT per transaction, 16 clients (baseline)", pgbenchBatch16,
                    null, "rows/s"));

            long started = System.nanoTime();
            Process server = startServer(dbUrl);
            int port = Integer.parseInt(env("BENCH_PORT", "18099"));
            double startSeconds = awaitFirst200(port, started);
            try {
                // warm the JIT up on both paths before anything is measured; these results are discarded
                // (the JIT compiles the hot paths only after thousands of requests; a run measured before that
                // measures the interpreter)
                String warm = prepopulate(dbUrl, port, 1000);
                publish(port, 64, false);
                publish(port, 1, false);
                consume(port, warm, 8, true);
                long cpu = cpuTicks(List.of(server));
                Result p1 = publish(port, 1, false);
                double p1Cpu = cpuMicrosPer(cpuTicks(List.of(server)) - cpu, p1);
                cpu = cpuTicks(List.of(server));
                Result p16 = publish(port, 16, false);
                double p16Cpu = cpuMicrosPer(cpuTicks(List.of(server)) - cpu, p16);
                cpu = cpuTicks(List.of(server));
                Result p64 = publish(port, 64, false);
                double p64Cpu = cpuMicrosPer(cpuTicks(List.of(server)) - cpu, p64);
                Result p64hot = publish(port, 64, true);
                rows.add(row(withCpu("publish, 1 connection", p1Cpu), p1.rate, p1, "events/s"));
                rows.add(row(withCpu("publish, 16 connections, 16 streams", p16Cpu), p16.rate, p16, "events/s"));
                rows.add(row(withCpu("publish, 64 connections, 64 streams", p64Cpu), p64.rate, p64, "events/s"));
                rows.add(row("publish, 64 connections, 1 hot stream", p64hot.rate, p64hot, "events/s"));
                double peak = Math.max(p64.rate, p64hot.rate);

                String readStream = prepopulate(dbUrl, port, 500_000);
                cpu = cpuTicks(List.of(server));
                Result get = consume(port, readStream, 8, false);
                double getCpu = cpuMicrosPer(cpuTicks(List.of(server)) - cpu, get);
                rows.add(row(withCpu("consume (GET limit=100, no ACK), 8 consumers", getCpu), get.rate, get,
                        "events/s"));
                results.put("get", String.format(Locale.ROOT, "%.0f", get.rate));
                Result loop1 = consume(port, readStream, 1, true);
                cpu = cpuTicks(List.of(server));
                Result loop8 = consume(port, readStream, 8, true);
                double loop8Cpu = cpuMicrosPer(cpuTicks(List.of(server)) - cpu, loop8);
                rows.add(row("consume + ACK loop (limit=100), 1 consumer", loop1.rate, loop1, "events/s"));
                rows.add(row(withCpu("consume + ACK loop (limit=100), 8 consumers", loop8Cpu), loop8.rate, loop8,
                        "events/s"));

                Result[] mixed = mixed(port, readStream);
                rows.add(row("mixed: publish, 16 connections (while 4 consume+ACK)", mixed[0].rate, mixed[0], "events/s"));
                rows.add(row("mixed: consume+ACK, 4 consumers (while 16 publish)", mixed[1].rate, mixed[1], "events/s"));

                Result batch1 = publishBatches(port, 1);
                Result batch16 = publishBatches(port, 16);
                rows.add(row("publish batches of " + BATCH + ", 1 connection", batch1.rate, batch1, "events/s"));
                rows.add(row("publish batches of " + BATCH + ", 16 connections", batch16.rate, batch16, "events/s"));
                results.put("batch1", String.format(Locale.ROOT, "%.2f", batch1.rate / pgbenchBatch1));
                results.put("batch16", String.format(Locale.ROOT, "%.2f", batch16.rate / pgbenchBatch16));

                Result wake = wakeLatency(port, 100);
                rows.add(row("wake-up: commit to the answer of 100 waiting consumers (wait=30)", wake.rate, wake,
                        "answers/s"));
                results.put("wakeP99", String.format(Locale.ROOT, "%.1f", wake.percentile(99)));
                rows.addAll(leased(port, readStream, "PostgreSQL engine"));

                if (haproxyInstalled()) {
                    rows.addAll(scaleOut(dbUrl, port, server, readStream));
                }

                String kafka = env("BENCH_KAFKA", "");
                if (!kafka.isBlank()) {
                    rows.addAll(onKafka(dbUrl, port + 20, kafka));
                }

                Result open = openLoop(port, peak / 2, 32);
                rows.add(row(String.format(Locale.ROOT, "publish open-loop at half of peak (%.0f/s)", peak / 2),
                        open.rate, open, "events/s"));

                long rssKb = peakRssKb(server.pid());
                results.put("rss", rssKb / 1024 + " MB");
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
                if (Files.isExecutable(Path.of(WRK))) {
                    rows.addAll(withWrk(dbUrl, port + 30, readStream,
                            Map.of(1, pgbench1, 16, pgbench16, 64, pgbench32), pgbenchBatch1, pgbenchBatch16, results));
                } else {
                    System.out.println("no " + WRK + " (apt-get install wrk): the wrk scenarios are left out");
                }
                results.put("start", String.format(Locale.ROOT, "%.2f s", startSeconds));
                results.put("pgbenchLatency1", String.format(Locale.ROOT, "%.2f", 1000 / pgbench1));
                results.put("ratio64", String.format(Locale.ROOT, "%.2f", p64.rate / pgbench32));
                results.put("ratio64hot", String.format(Locale.ROOT, "%.2f", p64hot.rate / pgbench32));
                results.put("ratio1", String.format(Locale.ROOT, "%.2f", p1.rate / pgbench1));
                results.put("ratio16", String.format(Locale.ROOT, "%.2f", p16.rate / pgbench16));
            } finally {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            try {
                dropDatabases(pg, database);
            } catch (Exception ignored) {
                // best effort
            }
        }
        String table = table(rows, results);
        System.out.println(table);
        writeDocs(table);
    }

    // ---------------------------------------------------------------- scenarios

    record Result(double rate, long[] latenciesMicros, long errors) {
        double percentile(double p) {
            if (latenciesMicros.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latenciesMicros.length - 1, Math.ceil(p / 100.0 * latenciesMicros.length) - 1);
            return latenciesMicros[Math.max(0, index)] / 1000.0;
        }
    }

    static String body(int writer, long n) {
        return "{\"event\":{\"name\":\"OrderPlaced\",\"version\":1},\"system\":{\"id\":\"bench\",\"name\":\"bench\","
                + "\"time\":\"2026-11-27 12:00:00\",\"timezone\":\"Europe/Berlin\"},\"trigger\":{\"type\":\"bench\","
                + "\"name\":\"Bench.java\"},\"payload\":{\"writer\":" + writer + ",\"n\":" + n + ",\"amount\":"
                + "12345.67,\"customer\":{\"id\":\"c-" + n + "\",\"segment\":\"retail\"},\"note\":\"" + PAYLOAD_TEXT
                + "\"}}";
    }

    static final int BATCH = 100;

    /** Each connection publishes JSON arrays of {@value #BATCH} events to a stream of its own. */
    static Result publishBatches(int port, int connections) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return closedLoop(connections, (client, c, n) -> {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < BATCH; i++) {
                batch.append(i == 0 ? "" : ",").append(body(c, n * BATCH + i));
            }
            Response response = client.post("/api/v1/streams/b-" + run + "-" + c + "/events", "batcher-" + c,
                    batch.append(']').toString());
            return response.status == 200 ? new Response(200, "", BATCH) : response;
        }, port, 2, seconds);
    }

    /**
     * {@code waiters} consumers wait (wait=30) on one (stream, event name), each acknowledging what it gets and
     * waiting again; one publisher publishes an event every 100 ms. The latency of each answer is the time from
     * the publisher's 200 (the commit had happened by then) to the waiter's answer, 0 when the waiter was answered
     * first; the rate is answers per second.
     */
    static Result wakeLatency(int port, int waiters) throws Exception {
        String stream = "wake-" + UUID.randomUUID().toString().substring(0, 8);
        try (Client owner = new Client(port)) {
            owner.post("/api/v1/streams/" + stream + "/events", "waker", body(0, 0).replace("OrderPlaced", "Setup"));
        }
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answers = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(waiters);
        List<Latencies> perThread = connections(waiters, 100_000, port, errors, done, (client, c, latencies) -> {
            String consumer = "waiter-" + c;
            while (running.get()) {
                Response response = client.get("/api/v1/streams/" + stream
                        + "/events?eventName=OrderPlaced&limit=100&wait=30", consumer);
                long now = System.nanoTime();
                if (response.status != 200) {
                    errors.incrementAndGet();
                    continue;
                }
                if (!response.body.contains("\"eventId\"")) {
                    continue; // the wait was over without an event
                }
                String last = lastEventId(response.body);
                Long committed = committedAt.get(last);
                latencies.add(committed == null ? 0 : Math.max(0, (now - committed) / 1000));
                answers.incrementAndGet();
                client.ack("/api/v1/streams/" + stream + "/events/" + last, consumer);
            }
        });
        Thread.sleep(2000);
        long start = System.nanoTime();
        try (Client publisher = new Client(port)) {
            for (long n = 0; System.nanoTime() - start < seconds * 1_000_000_000L; n++) {
                Response published = publisher.post("/api/v1/streams/" + stream + "/events", "waker", body(0, n));
                committedAt.put(published.body.replace("\"", ""), System.nanoTime());
                Thread.sleep(100);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            running.set(false);
            // one last event answers every waiter, so that they all see running=false
            publisher.post("/api/v1/streams/" + stream + "/events", "waker", body(0, -1));
            done.await(60, TimeUnit.SECONDS);
            return new Result(answers.get() / elapsed, Latencies.merge(perThread), errors.get());
        }
    }

    static final int RETENTION_STREAMS = 8;
    static final int RETENTION_KEEP = 1000;

    /**
     * Issue 25's disk benchmark (ADR 61): {@code cycles} times, 8 connections publish {@code events} events in batches
     * of {@value #BATCH} to 8 streams that keep everything (the rate without removal), then the streams get
     * {@code maxEvents} {@value #RETENTION_KEEP} and the connections go on publishing while the server removes the
     * backlog (the rate while removal runs), then the cycle waits until removal caught up and a vacuum (the server's,
     * ADR 61) has been through the events table, and measures the database. The server checks retention every second.
     */
    static String retention(String dbUrl, int port, int events, int cycles) throws Exception {
        Process server = startServer(dbUrl, port, "bench-retention",
                Map.of("RETENTION_CHECK_DASH_INTERVAL", "PT1S"));
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%,d events per cycle (%d streams, batches of %d, 8 connections), %d cycles; maxEvents %d per stream;"
                        + " retention.check-interval PT1S.%n%n", events, RETENTION_STREAMS, BATCH, cycles,
                RETENTION_KEEP));
        table.append("| cycle | publish without removal | p99 ms | publish while removal runs | p99 ms | ratio |"
                + " removal caught up after | wait for the vacuum | events removed | database at the end | events table |"
                + " vs cycle 1 |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        try {
            awaitFirst200(port, System.nanoTime());
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<String> streams = new ArrayList<>();
            try (Client client = new Client(port)) {
                for (int c = 0; c < RETENTION_STREAMS; c++) {
                    streams.add("ret-" + run + "-" + c);
                    // the stream exists from its first publish on, and is its producer's (the retention's owner)
                    client.post("/api/v1/streams/" + streams.getLast() + "/events", "retention-owner-" + c, body(c, -1));
                }
            }
            long firstSize = 0;
            double worstRatio = Double.MAX_VALUE;
            double worstGrowth = 0;
            for (int cycle = 1; cycle <= cycles; cycle++) {
                for (String stream : streams) {
                    retentionOf(port, stream, "{}");
                }
                Result without = publishRetained(port, streams, events, () -> false);
                for (String stream : streams) {
                    retentionOf(port, stream, "{\"maxEvents\":" + RETENTION_KEEP + "}");
                }
                long removalStarted = System.nanoTime();
                long removedBefore = removedEvents(dbUrl);
                Result during = publishRetained(port, streams, events, () -> caughtUp(port, streams));
                while (!caughtUp(port, streams)) {
                    Thread.sleep(200);
                }
                double removalSeconds = (System.nanoTime() - removalStarted) / 1e9;
                long removed = removedEvents(dbUrl) - removedBefore;
                double vacuumSeconds = awaitVacuum(dbUrl);
                long size = queryLong(dbUrl, "select pg_database_size(current_database())");
                long eventsSize = queryLong(dbUrl, "select pg_total_relation_size('events')");
                if (cycle == 1) {
                    firstSize = size;
                }
                double ratio = during.rate / without.rate;
                worstRatio = Math.min(worstRatio, ratio);
                double growth = (double) size / firstSize - 1;
                worstGrowth = Math.max(worstGrowth, growth);
                String line = String.format(Locale.ROOT,
                        "| %d | %,.0f events/s | %.1f | %,.0f events/s | %.1f | %.2f | %.0f s | %.0f s | %,d | %,d MB |"
                                + " %,d MB | %+.1f %% |", cycle, without.rate, without.percentile(99), during.rate,
                        during.percentile(99), ratio, removalSeconds, vacuumSeconds, removed, size >> 20,
                        eventsSize >> 20, growth * 100);
                System.out.println(line);
                table.append(line).append('\n');
            }
            table.append(String.format(Locale.ROOT, "%nWorst: publish while removal runs %.2f× the rate without"
                    + " (goal ≥ 0.8); database size at most %+.1f %% of the first cycle's (goal within 20 %%).%n",
                    worstRatio, worstGrowth * 100));
            return table.toString();
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * 8 connections publish batches to the streams until {@code events} are published or {@code stop} holds
     * (checked every 500 ms); the rate over that time and every request's latency.
     */
    static Result publishRetained(int port, List<String> streams, long events, Condition stop) throws Exception {
        AtomicLong published = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(streams.size());
        long start = System.nanoTime();
        List<Latencies> perThread = connections(streams.size(), 200_000, port, errors, done,
                (client, c, latencies) -> {
                    for (long n = 0; running.get() && published.get() < events; n++) {
                        StringBuilder batch = new StringBuilder("[");
                        for (int i = 0; i < BATCH; i++) {
                            batch.append(i == 0 ? "" : ",").append(body(c, n * BATCH + i));
                        }
                        long sent = System.nanoTime();
                        Response response = client.post("/api/v1/streams/" + streams.get(c) + "/events",
                                "retention-owner-" + c, batch.append(']').toString());
                        latencies.add((System.nanoTime() - sent) / 1000);
                        if (response.status == 200) {
                            published.addAndGet(BATCH);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                });
        while (done.getCount() > 0) {
            if (stop.holds()) {
                running.set(false);
            }
            done.await(500, TimeUnit.MILLISECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(published.get() / elapsed, Latencies.merge(perThread), errors.get());
    }

    static void retentionOf(int port, String stream, String json) throws IOException {
        try (Client client = new Client(port)) {
            Response answer = client.put("/api/v1/streams/" + stream + "/retention", json);
            if (answer.status != 200) {
                throw new IllegalStateException("PUT retention: " + answer.status + " " + answer.body);
            }
        }
    }

    static final Pattern FIRST_SEQUENCE = Pattern.compile("\"firstSequences\":\\{\"OrderPlaced\":(\\d+)");
    static final Pattern LAST_SEQUENCE = Pattern.compile("\"eventCount\":(\\d+)");

    /** Whether every stream keeps at most a step more than its maxEvents. */
    static boolean caughtUp(int port, List<String> streams) throws IOException {
        try (Client client = new Client(port)) {
            for (String stream : streams) {
                String body = client.get("/api/v1/streams/" + stream, "retention-watcher").body;
                Matcher first = FIRST_SEQUENCE.matcher(body);
                Matcher last = LAST_SEQUENCE.matcher(body);
                if (!first.find() || !last.find()
                        || Long.parseLong(last.group(1)) - Long.parseLong(first.group(1)) + 1 > RETENTION_KEEP + 5000) {
                    return false;
                }
            }
            return true;
        }
    }

    static long removedEvents(String dbUrl) throws Exception {
        return queryLong(dbUrl, "select coalesce(sum(first_sequence - 1), 0) from first_sequences");
    }

    /**
     * Waits (up to 60 s) until a vacuum of the events table — the one the server runs after a sweep that removed
     * events (ADR 61), or autovacuum — has finished after removal caught up; the seconds waited.
     */
    static double awaitVacuum(String dbUrl) throws Exception {
        long start = System.nanoTime();
        String caughtUpAt = "'" + java.time.OffsetDateTime.now() + "'";
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            if (queryLong(dbUrl, "select count(*) from pg_stat_user_tables where relname = 'events' and"
                    + " greatest(last_vacuum, last_autovacuum) > timestamptz " + caughtUpAt) > 0) {
                break;
            }
            Thread.sleep(500);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static long queryLong(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Replaces the text between {@code <!-- <name>:begin -->} and {@code <!-- <name>:end -->} of docs/benchmarks.md. */
    static void writeSection(String name, String content) throws IOException {
        Path docs = Path.of("docs", "benchmarks.md");
        String text = Files.readString(docs);
        String begin = "<!-- " + name + ":begin -->";
        String end = "<!-- " + name + ":end -->";
        String section = begin + "\n_Last run: " + LocalDate.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores._\n\n" + content + end;
        if (text.contains(begin) && text.contains(end)) {
            text = text.substring(0, text.indexOf(begin)) + section + text.substring(text.indexOf(end) + end.length());
        } else {
            text = text + "\n" + section + "\n";
        }
        Files.writeString(docs, text);
    }

    static boolean haproxyInstalled() {
        return Files.isExecutable(Path.of("/usr/sbin/haproxy"));
    }

    /**
     * 1 node vs 3 nodes on the same database behind HAProxy (round robin): publish at 64 connections and the
     * consume + ACK loop with 8 consumers, with the servers' CPU time per event from /proc (utime + stime).
     */
    static List<String> scaleOut(String dbUrl, int port, Process first, String readStream) throws Exception {
        List<String> rows = new ArrayList<>();
        List<Process> servers = new ArrayList<>(List.of(first));
        Process haproxy = haproxy(port + 10, List.of(port));
        try {
            awaitFirst200(port + 10, System.nanoTime());
            rows.addAll(measuredThrough(port + 10, servers, readStream, "1 node"));
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        for (int i = 1; i <= 2; i++) {
            servers.add(startServer(dbUrl, port + i, "bench-server-" + i));
            awaitFirst200(port + i, System.nanoTime());
        }
        haproxy = haproxy(port + 10, List.of(port, port + 1, port + 2));
        try {
            awaitFirst200(port + 10, System.nanoTime());
            rows.addAll(measuredThrough(port + 10, servers, readStream, "3 nodes"));
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
            for (Process extra : servers.subList(1, servers.size())) {
                extra.destroy();
                extra.waitFor(30, TimeUnit.SECONDS);
            }
        }
        return rows;
    }

    private static List<String> measuredThrough(int port, List<Process> servers, String readStream, String nodes)
            throws Exception {
        List<String> rows = new ArrayList<>();
        long cpu = cpuTicks(servers);
        Result published = publish(port, 64, false);
        long publishCpu = cpuTicks(servers) - cpu;
        rows.add(row(String.format(Locale.ROOT, "%s behind HAProxy: publish, 64 connections (server CPU %.0f µs/event)",
                nodes, cpuMicrosPer(publishCpu, published)), published.rate, published, "events/s"));
        cpu = cpuTicks(servers);
        Result consumed = consume(port, readStream, 8, true);
        long consumeCpu = cpuTicks(servers) - cpu;
        rows.add(row(String.format(Locale.ROOT,
                "%s behind HAProxy: consume + ACK, 8 consumers (server CPU %.1f µs/event)",
                nodes, cpuMicrosPer(consumeCpu, consumed)), consumed.rate, consumed, "events/s"));
        return rows;
    }

    private static String withCpu(String scenario, double micros) {
        return String.format(Locale.ROOT, "%s (server CPU %.1f µs/event)", scenario, micros);
    }

    /**
     * The publish and consume scenarios on a second server started with {@code storage.kind: kafka} (the broker at
     * {@code bootstrapServers}, its metadata in the same database), with its CPU per event. The read stream is
     * filled over HTTP (batches of {@link #BATCH}): there is no bulk load into Kafka behind the server's back.
     */
    /** The figures the summary under the table is made of (ratios within one run; issue 28's targets among them). */
    static final Map<String, String> RESULTS = new LinkedHashMap<>();

    static List<String> onKafka(String dbUrl, int port, String bootstrapServers) throws Exception {
        List<String> rows = new ArrayList<>();
        long started = System.nanoTime();
        Process server = startServer(dbUrl, port, "bench-server-kafka",
                Map.of("STORAGE_KIND", "kafka", "KAFKA_BOOTSTRAP_DASH_SERVERS", bootstrapServers,
                        "KAFKA_TOPIC_DASH_PREFIX", "bench-" + System.currentTimeMillis() + "."));
        try {
            double startSeconds = awaitFirst200(port, started);
            publish(port, 64, false);
            publish(port, 1, false);
            for (int connections : new int[] {1, 16, 64}) {
                long cpu = cpuTicks(List.of(server));
                Result result = publish(port, connections, false);
                rows.add(row(withCpu("Kafka engine: publish, " + connections + " connection"
                                + (connections == 1 ? "" : "s, " + connections + " streams"),
                        cpuMicrosPer(cpuTicks(List.of(server)) - cpu, result)), result.rate, result, "events/s"));
            }
            Result batches = publishBatches(port, 16);
            rows.add(row("Kafka engine: publish batches of " + BATCH + ", 16 connections", batches.rate, batches,
                    "events/s"));
            String readStream = populateOverHttp(port, 200_000);
            long cpu = cpuTicks(List.of(server));
            Result get = consume(port, readStream, 8, false);
            rows.add(row(withCpu("Kafka engine: consume (GET limit=100, no ACK), 8 consumers",
                    cpuMicrosPer(cpuTicks(List.of(server)) - cpu, get)), get.rate, get, "events/s"));
            RESULTS.put("kafkaGet", String.format(Locale.ROOT, "%.0f", get.rate));
            cpu = cpuTicks(List.of(server));
            Result loop = consume(port, readStream, 8, true);
            rows.add(row(withCpu("Kafka engine: consume + ACK loop (limit=100), 8 consumers",
                    cpuMicrosPer(cpuTicks(List.of(server)) - cpu, loop)), loop.rate, loop, "events/s"));
            Result wake = wakeLatency(port, 100);
            rows.add(row("Kafka engine: wake-up of 100 waiting consumers", wake.rate, wake, "answers/s"));
            RESULTS.put("kafkaWakeP99", String.format(Locale.ROOT, "%.1f", wake.percentile(99)));
            rows.addAll(leased(port, readStream, "Kafka engine"));
            rows.add(String.format(Locale.ROOT, "| Kafka engine: start to first 200 %.2f s, peak RSS %d MB | | | | | |",
                    startSeconds, peakRssKb(server.pid()) / 1024));
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        return rows;
    }

    /**
     * Issue 24 on a started server: three replicas of one consumer id lease pages of 100 ({@code lease=60}) and
     * finish each with one batch ACK, against the same run's cumulative mode (GET limit=100 + one cumulative ACK per
     * page) with 1 and with 3 consumers; then publishing with 16 connections alone and while the three leased
     * replicas run. Rows of the results table; the ratios are in the scenario names.
     */
    static List<String> leased(int port, String stream, String engine) throws Exception {
        List<String> rows = new ArrayList<>();
        Result cumulative1 = consume(port, stream, 1, true);
        Result cumulative3 = consume(port, stream, 3, true);
        Result leased = leasedReplicas(port, stream, 3);
        rows.add(row(engine + ": cumulative GET + ACK per page (limit=100), 1 consumer", cumulative1.rate,
                cumulative1, "events/s"));
        rows.add(row(engine + ": cumulative GET + ACK per page (limit=100), 3 consumers", cumulative3.rate,
                cumulative3, "events/s"));
        rows.add(row(String.format(Locale.ROOT, "%s: 3 leased replicas of one consumer id, pages of 100 + batch ACK"
                        + " (%.2f× cumulative with 3, %.2f× with 1)", engine, leased.rate / cumulative3.rate,
                leased.rate / cumulative1.rate), leased.rate, leased, "events/s"));
        Result alone = publish(port, 16, false);
        Result[] beside = new Result[1];
        Thread replicas = Thread.ofPlatform().start(() -> {
            try {
                beside[0] = leasedReplicas(port, stream, 3);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Result busy = publish(port, 16, false);
        replicas.join();
        // the same CPU taken by consumers that do not lease: on a small machine any consumer slows publishing
        Thread cumulative = Thread.ofPlatform().start(() -> {
            try {
                beside[0] = consume(port, stream, 3, true);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Result busyCumulative = publish(port, 16, false);
        cumulative.join();
        rows.add(row(engine + ": publish, 16 connections, no consumer", alone.rate, alone, "events/s"));
        rows.add(row(String.format(Locale.ROOT, "%s: publish, 16 connections, 3 leased replicas running (%.2f×;"
                        + " %.2f× with 3 cumulative consumers instead)", engine, busy.rate / alone.rate,
                busy.rate / busyCumulative.rate), busy.rate, busy, "events/s"));
        rows.add(row(String.format(Locale.ROOT, "%s: publish, 16 connections, 3 cumulative consumers running (%.2f×;"
                        + " they consumed %.0f events/s)", engine, busyCumulative.rate / alone.rate, beside[0].rate),
                busyCumulative.rate, busyCumulative, "events/s"));
        return rows;
    }

    /**
     * {@code replicas} connections share one consumer id: each leases a page of 100 and acknowledges it with one
     * batch ACK; the rate is events acknowledged. When the stream is used up the replicas go on under a new consumer
     * id (a new lap), so that no measured request is an empty page.
     */
    static Result leasedReplicas(int port, String stream, int replicas) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        java.util.concurrent.atomic.AtomicInteger lap = new java.util.concurrent.atomic.AtomicInteger();
        return closedLoop(replicas, (client, c, n) -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                int seen = lap.get();
                String consumer = "replicas-" + run + "-" + seen;
                Response page = client.get("/api/v1/streams/" + stream
                        + "/events?eventName=OrderPlaced&limit=100&lease=60", consumer);
                if (page.status != 200) {
                    return page;
                }
                List<String> ids = eventIds(page.body);
                if (ids.isEmpty()) {
                    lap.compareAndSet(seen, seen + 1);
                    continue;
                }
                Response acked = client.postJson("/api/v1/streams/" + stream + "/acknowledgements", consumer,
                        "{\"action\":\"ACK\",\"eventIds\":[\"" + String.join("\",\"", ids) + "\"]}");
                return acked.status == 200 ? new Response(200, "", ids.size()) : acked;
            }
            return new Response(204, "", 0);
        }, port, 2, seconds);
    }

    static List<String> eventIds(String body) {
        List<String> ids = new ArrayList<>();
        for (int at = body.indexOf("\"eventId\":\""); at >= 0; at = body.indexOf("\"eventId\":\"", at + 1)) {
            ids.add(body.substring(at + 11, at + 47));
        }
        return ids;
    }

    /** {@link #leased} on a second server started with {@code storage.kind: kafka}, its stream filled over HTTP. */
    static List<String> onKafkaLeased(String dbUrl, int port, String bootstrapServers) throws Exception {
        Process server = startServer(dbUrl, port, "bench-server-kafka",
                Map.of("STORAGE_KIND", "kafka", "KAFKA_BOOTSTRAP_DASH_SERVERS", bootstrapServers,
                        "KAFKA_TOPIC_DASH_PREFIX", "bench-" + System.currentTimeMillis() + "."));
        try {
            awaitFirst200(port, System.nanoTime());
            leased(port, populateOverHttp(port, 20_000), "warm-up");
            return leased(port, populateOverHttp(port, 150_000), "Kafka engine");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A stream of {@code events} OrderPlaced events, published in batches over HTTP. */
    static String populateOverHttp(int port, int events) throws Exception {
        String stream = "read-" + UUID.randomUUID().toString().substring(0, 8);
        try (Client client = new Client(port)) {
            for (int published = 0; published < events; published += BATCH) {
                StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < BATCH; i++) {
                    batch.append(i == 0 ? "" : ",").append(body(0, published + i));
                }
                Response response = client.post("/api/v1/streams/" + stream + "/events", "reader-owner",
                        batch.append(']').toString());
                if (response.status != 200) {
                    throw new IllegalStateException("populating failed: " + response.status + " " + response.body);
                }
            }
        }
        return stream;
    }

    /** Server CPU µs per event: the CPU of the whole scenario (its 2 s warm-up too) over the events it measured. */
    private static double cpuMicrosPer(long ticks, Result result) {
        double events = result.rate * (seconds + 2);
        return events == 0 ? 0 : ticks * 10_000.0 / events;
    }

    /** utime + stime of the processes, in clock ticks (1/100 s). */
    private static long cpuTicks(List<Process> processes) throws IOException {
        long ticks = 0;
        for (Process process : processes) {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return ticks;
    }

    private static Process haproxy(int port, List<Integer> backends) throws IOException {
        StringBuilder config = new StringBuilder("global\n    maxconn 4096\ndefaults\n    mode http\n"
                + "    timeout connect 5s\n    timeout client 60s\n    timeout server 60s\n    retries 0\n"
                + "frontend bench\n    bind 127.0.0.1:" + port + "\n    default_backend nodes\n"
                + "backend nodes\n    balance roundrobin\n");
        for (int backend : backends) {
            config.append("    server n").append(backend).append(" 127.0.0.1:").append(backend).append('\n');
        }
        Path file = Path.of("target", "bench-haproxy.cfg");
        Files.writeString(file, config);
        return new ProcessBuilder(List.of("/usr/sbin/haproxy", "-f", file.toString())).redirectErrorStream(true)
                .redirectOutput(new java.io.File("target/bench-haproxy.log")).start();
    }

    static Result publish(int port, int connections, boolean hot) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return closedLoop(connections, (client, c, n) -> {
            String stream = hot ? "hot-" + run : "s-" + run + "-" + c;
            String producer = hot ? "producer-" + run : "producer-" + c;
            return client.post("/api/v1/streams/" + stream + "/events", producer, body(c, n));
        }, port, 2, seconds);
    }

    /**
     * Each consumer reads limit=100 and (with ack) acknowledges the last of each batch; counts events delivered. A
     * consumer that has read the whole stream starts over from its beginning under a new consumer id (a new "lap"),
     * so that no measured request is an empty page.
     */
    static Result consume(int port, String stream, int consumers, boolean ack) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int[] laps = new int[consumers];
        return closedLoop(consumers, (client, c, n) -> {
            for (int attempt = 0; attempt < 2; attempt++) {
                String consumer = "consumer-" + run + "-" + c + "-" + laps[c];
                Response response = client.get(
                        "/api/v1/streams/" + stream + "/events?eventName=OrderPlaced&limit=100", consumer);
                if (response.status != 200) {
                    return response;
                }
                int events = count(response.body, "\"eventId\"");
                if (events == 0) {
                    laps[c]++;
                    continue;
                }
                if (ack) {
                    String last = lastEventId(response.body);
                    Response acked = client.ack("/api/v1/streams/" + stream + "/events/" + last, consumer);
                    if (acked.status != 200) {
                        return acked;
                    }
                }
                return new Response(200, "", events);
            }
            return new Response(204, "", 0); // an empty stream: an error
        }, port, 2, seconds);
    }

    static Result[] mixed(int port, String stream) throws Exception {
        Result[] results = new Result[2];
        Thread consumers = Thread.ofPlatform().start(() -> {
            try {
                results[1] = consume(port, stream, 4, true);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        results[0] = publish(port, 16, false);
        consumers.join();
        return results;
    }

    interface Call {
        Response call(Client client, int connection, long n) throws IOException;
    }

    static Result closedLoop(int connections, Call call, int port, int warmupSeconds, int measureSeconds)
            throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong units = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        List<Latencies> perThread = connections(connections, 4_000_000 / connections + 1000, port, errors, done,
                (client, connection, latencies) -> {
                    for (long n = 0; running.get(); n++) {
                        long start = System.nanoTime();
                        Response response = call.call(client, connection, n);
                        long micros = (System.nanoTime() - start) / 1000;
                        if (measuring.get()) {
                            if (response.status == 200) {
                                units.addAndGet(response.units);
                                latencies.add(micros);
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                });
        Thread.sleep(warmupSeconds * 1000L);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(measureSeconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        done.await(60, TimeUnit.SECONDS);
        return new Result(units.get() / elapsed, Latencies.merge(perThread), errors.get());
    }

    /** Publishes at a fixed rate; latency is measured from each request's scheduled time (no coordinated omission). */
    static Result openLoop(int port, double rate, int connections) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long intervalNanos = (long) (1e9 / rate * connections);
        AtomicLong errors = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        long begin = System.nanoTime() + 1_000_000_000L;
        // like the closed-loop scenarios, 2 s of warm-up that are not measured (new connections, new streams)
        long measureFrom = begin + 2_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(connections);
        List<Latencies> perThread = connections(connections, (int) (rate * seconds / connections) + 1000, port,
                errors, done, (client, connection, latencies) -> {
                    long scheduled = begin + intervalNanos * connection / connections;
                    for (long n = 0; scheduled < end; n++, scheduled += intervalNanos) {
                        long wait = scheduled - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        Response response = client.post("/api/v1/streams/open-" + run + "-" + connection + "/events",
                                "producer-" + connection, body(connection, n));
                        sent.incrementAndGet();
                        if (scheduled < measureFrom) {
                            continue;
                        }
                        if (response.status == 200) {
                            latencies.add((System.nanoTime() - scheduled) / 1000);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                });
        done.await(seconds + 120L, TimeUnit.SECONDS);
        long[] merged = Latencies.merge(perThread);
        return new Result(merged.length / (double) seconds, merged, errors.get());
    }

    /** What one connection of a scenario does with its client, recording the latencies it measures. */
    interface ConnectionLoop {
        void run(Client client, int connection, Latencies latencies) throws Exception;
    }

    /**
     * Starts one platform thread per connection, each with its own keep-alive client and latency record; a failure
     * of a connection counts as an error. {@code done} counts down as they end.
     */
    static List<Latencies> connections(int connections, int capacity, int port, AtomicLong errors,
                                       CountDownLatch done, ConnectionLoop loop) {
        List<Latencies> perThread = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Latencies latencies = new Latencies(capacity);
            perThread.add(latencies);
            int connection = c;
            Thread.ofPlatform().daemon().start(() -> {
                try (Client client = new Client(port)) {
                    loop.run(client, connection, latencies);
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        return perThread;
    }

    /** The latencies (µs) one connection measured, at most {@code capacity} of them. */
    static final class Latencies {
        private final long[] micros;
        private int count;

        Latencies(int capacity) {
            this.micros = new long[capacity];
        }

        void add(long value) {
            if (count < micros.length) {
                micros[count++] = value;
            }
        }

        /** All connections' latencies, sorted, for exact percentiles. */
        static long[] merge(List<Latencies> perThread) {
            int total = 0;
            for (Latencies latencies : perThread) {
                total += latencies.count;
            }
            long[] all = new long[total];
            int at = 0;
            for (Latencies latencies : perThread) {
                System.arraycopy(latencies.micros, 0, all, at, latencies.count);
                at += latencies.count;
            }
            Arrays.sort(all);
            return all;
        }
    }

    // ---------------------------------------------------------------- set-up

    /** Publishes one event through the API (so the stream exists and is owned), then bulk-loads the rest in SQL. */
    static String prepopulate(String dbUrl, int port, int events) throws Exception {
        String stream = "read-" + UUID.randomUUID().toString().substring(0, 8);
        try (Client client = new Client(port)) {
            Response first = client.post("/api/v1/streams/" + stream + "/events", "reader-owner", body(0, 0));
            if (first.status != 200) {
                throw new IllegalStateException("prepopulate failed: " + first.status + " " + first.body);
            }
        }
        String document = body(0, 0).replace("'", "''");
        execute(dbUrl, "insert into events (event_sequence_id, sequence, event_id, document) "
                + "select q.id, q.last_sequence + g, gen_random_uuid(), '" + document + "' "
                + "from event_sequences q join streams s on s.id = q.stream_id, generate_series(1, " + (events - 1)
                + ") g where s.name = '" + stream + "' and q.event_name = 'OrderPlaced'");
        execute(dbUrl, "update event_sequences q set last_sequence = last_sequence + " + (events - 1)
                + " from streams s where s.id = q.stream_id and s.name = '" + stream + "'");
        execute(dbUrl, "vacuum analyze events");
        // flush the bulk load's dirty pages now: otherwise the checkpoint its WAL triggers runs during the
        // scenarios that follow and its writes show up in their latencies
        execute(dbUrl, "checkpoint");
        return stream;
    }

    /** Starts the server the way the README does, through bin/eventserver (its JVM settings and AOT cache). */
    static Process startServer(String dbUrl) throws IOException {
        return startServer(dbUrl, Integer.parseInt(env("BENCH_PORT", "18099")), "bench-server");
    }

    static Process startServer(String dbUrl, int port, String name) throws IOException {
        return startServer(dbUrl, port, name, Map.of());
    }

    static Process startServer(String dbUrl, int port, String name, Map<String, String> environment)
            throws IOException {
        List<String> command = List.of(Path.of("bin", "eventserver").toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("EVENTSERVER_JAVA_OPTS", env("BENCH_JAVA_OPTS", ""));
        builder.environment().put("DB_URL", dbUrl);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("SERVER_SHUTDOWN_DASH_DRAIN_DASH_PERIOD", "PT0S");
        builder.environment().put("SERVER_HOST", "127.0.0.1");
        builder.environment().put("DB_POOL_DASH_SIZE", env("BENCH_POOL", "16"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(new java.io.File("target/" + name + ".log"));
        Files.createDirectories(Path.of("target"));
        return builder.start();
    }

    static double awaitFirst200(int port, long startedNanos) throws Exception {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < giveUpAt) {
            try (Client client = new Client(port)) {
                if (client.post("/api/v1/streams/warmup/events", "warmup", body(0, 0)).status == 200) {
                    return (System.nanoTime() - startedNanos) / 1e9;
                }
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("the server did not answer within 60 s; see target/bench-server.log");
    }

    static double pgbench(String dbUrl, int clients) throws Exception {
        return pgbench(dbUrl, clients, 1);
    }

    /**
     * pgbench's transactions per second, each inserting {@code rows} rows of the benchmark's document in one
     * statement — the database's best for our row: prepared statements ({@code -M prepared}, as JDBC does), the
     * columns and indexes of our {@code events} table (primary key (event_sequence_id, sequence), a unique
     * time-ordered UUID like our UUIDv7 ids, {@code received_at} defaulted), {@code -j 2}.
     */
    static double pgbench(String dbUrl, int clients, int rows) throws Exception {
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+)").matcher(dbUrl);
        if (!m.find()) {
            throw new IllegalArgumentException(dbUrl);
        }
        execute(dbUrl, "create table if not exists pgbench_events (event_sequence_id bigint not null, sequence bigint"
                + " not null, event_id uuid not null, received_at timestamptz not null default now(), document text"
                + " not null, constraint pgbench_events_pkey primary key (event_sequence_id, sequence),"
                + " constraint pgbench_events_event_id_key unique (event_id))");
        execute(dbUrl, "create sequence if not exists pgbench_events_sequence");
        // a UUIDv7-like id: 48 bits of milliseconds, then random bits, so that the unique index grows at its end
        String timeOrdered = "(lpad(to_hex(floor(extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0')"
                + " || '7' || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid";
        String document = "'" + body(0, 0).replace("'", "''") + "'";
        Path script = Files.createTempFile("insert", ".sql");
        Files.writeString(script, rows == 1
                ? "insert into pgbench_events (event_sequence_id, sequence, event_id, document) values (:client_id,"
                        + " nextval('pgbench_events_sequence'), " + timeOrdered + ", " + document + ");\n"
                : "insert into pgbench_events (event_sequence_id, sequence, event_id, document) select :client_id,"
                        + " nextval('pgbench_events_sequence'), " + timeOrdered + ", " + document
                        + " from generate_series(1, " + rows + ");\n");
        List<String> command = List.of(env("PGBENCH", "/usr/lib/postgresql/15/bin/pgbench"), "-h", m.group(1),
                "-p", m.group(2) == null ? "5432" : m.group(2), "-U", "postgres", "-n", "-M", "prepared",
                "-f", script.toString(),
                "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)), "-T",
                Integer.toString(seconds), m.group(3));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        return Double.parseDouble(tps.group(1));
    }

    static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- wrk

    static final String WRK = "/usr/bin/wrk";

    /** What wrk measured in one run: its rate, latency percentiles (ms), errors, and the server's CPU per request. */
    record WrkRun(double requestsPerSecond, double p50, double p99, double p999, long errors, double cpuMicros) {
    }

    /**
     * The publish, batch and consume scenarios again with wrk (Debian's package; bench/wrk/*.lua, 2 threads, 1 for
     * one connection), so that the numbers do not depend on our own load generator: a server started by
     * bin/eventserver with nothing but its database and port set (the README's command and defaults: pool, heap,
     * AOT cache), on the database of the scenarios above (whose server is stopped by then), and per scenario a
     * warm-up of {@code seconds} (discarded), then {@code 1.5 × seconds} measured (10 s and 15 s by default), with
     * the server's CPU time (utime + stime) of the measured run over its requests. The ratios to pgbench of the
     * same run go into {@code results}.
     */
    static List<String> withWrk(String dbUrl, int port, String readStream, Map<Integer, Double> pgbenchSingleRow,
            double pgbenchBatch1, double pgbenchBatch16, Map<String, String> results) throws Exception {
        List<String> rows = new ArrayList<>();
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of("bin", "eventserver").toString()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("DB_URL", dbUrl);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("SERVER_HOST", "127.0.0.1");
        builder.redirectErrorStream(true).redirectOutput(new java.io.File("target/bench-wrk-server.log"));
        Process server = builder.start();
        awaitFirst200(port, System.nanoTime());
        try {
            String run = UUID.randomUUID().toString().substring(0, 6);
            for (int connections : List.of(1, 16, 64)) {
                WrkRun measured = wrk(port, server, "publish.lua", connections,
                        Integer.toString(Math.max(1, connections / 2)), "w" + run + "p" + connections);
                rows.add(wrkRow(String.format(Locale.ROOT, "wrk: publish, %d connection%s, %d stream%2$s", connections,
                        connections == 1 ? "" : "s", connections), measured, 1, "events/s"));
                results.put("wrk" + connections, String.format(Locale.ROOT, "%.2f",
                        measured.requestsPerSecond / pgbenchSingleRow.get(connections)));
                results.put("wrkCpu" + connections, String.format(Locale.ROOT, "%.1f", measured.cpuMicros));
                results.put("wrkP50_" + connections, String.format(Locale.ROOT, "%.2f", measured.p50));
                results.put("wrkP99_" + connections, String.format(Locale.ROOT, "%.1f", measured.p99));
            }
            for (int connections : List.of(1, 16)) {
                WrkRun measured = wrk(port, server, "batch.lua", connections,
                        Integer.toString(Math.max(1, connections / 2)), "w" + run + "b" + connections);
                rows.add(wrkRow(String.format(Locale.ROOT, "wrk: publish batches of %d, %d connection%s", BATCH,
                        connections, connections == 1 ? "" : "s"), measured, BATCH, "events/s"));
                results.put("wrkBatch" + connections, String.format(Locale.ROOT, "%.2f",
                        measured.requestsPerSecond * BATCH / (connections == 1 ? pgbenchBatch1 : pgbenchBatch16)));
            }
            for (int connections : List.of(8, 32)) {
                WrkRun measured = wrk(port, server, "consume.lua", connections, readStream, "wrk-reader-" + run);
                rows.add(wrkRow(String.format(Locale.ROOT, "wrk: consume (GET limit=100, no ACK), %d connections",
                        connections), measured, 100, "events/s"));
                results.put("wrkGet" + connections, String.format(Locale.ROOT, "%.0f", measured.requestsPerSecond * 100));
                results.put("wrkGetP99_" + connections, String.format(Locale.ROOT, "%.1f", measured.p99));
            }
            results.put("wrkRss", peakRssKb(server.pid()) / 1024 + " MB");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        return rows;
    }

    /** The schema of the payload publish.lua sends: every member typed, as a team would write it. */
    static final String PAYLOAD_SCHEMA = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
            + "\"type\":\"object\",\"required\":[\"writer\",\"n\",\"amount\",\"customer\",\"note\"],"
            + "\"properties\":{\"writer\":{\"type\":\"integer\",\"minimum\":0},\"n\":{\"type\":\"integer\"},"
            + "\"amount\":{\"type\":\"number\"},\"customer\":{\"type\":\"object\",\"required\":[\"id\"],"
            + "\"properties\":{\"id\":{\"type\":\"string\",\"pattern\":\"^c-[0-9]+$\"},"
            + "\"segment\":{\"enum\":[\"retail\",\"business\"]}}},\"note\":{\"type\":\"string\","
            + "\"maxLength\":1000}}}";

    /**
     * Issue 26 (docs/benchmarks.md, "Schemas"): publish.lua at 64 connections on a server started by bin/eventserver,
     * once on 64 streams whose event name has no schema, once on 64 others after a schema of its version 1 was
     * registered on each (every publish validated), each with a warm-up; the server's CPU per publish of both and
     * the share validation adds.
     */
    static List<String> schemaCost(String dbUrl, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of("bin", "eventserver").toString()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("DB_URL", dbUrl);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("SERVER_HOST", "127.0.0.1");
        builder.redirectErrorStream(true).redirectOutput(new java.io.File("target/bench-schema-server.log"));
        Process server = builder.start();
        awaitFirst200(port, System.nanoTime());
        List<String> rows = new ArrayList<>();
        try {
            String run = UUID.randomUUID().toString().substring(0, 6);
            String validated = "s" + run + "schema";
            String plainStreams = "s" + run + "plain";
            // a fresh server: JIT and pool warm on a run of its own, and the streams of both exist before measuring
            wrkRun(port, "publish.lua", 64, seconds, "32", plainStreams);
            wrkRun(port, "publish.lua", 64, 2, "32", validated);
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            for (int thread = 0; thread < 2; thread++) {
                for (int n = 0; n < 32; n++) {
                    String stream = validated + "-" + thread + "-" + n;
                    var answer = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://127.0.0.1:" + port + "/api/v1/streams/" + stream
                                            + "/event-names/OrderPlaced/schemas/1"))
                            .header("Authorization", AUTH).header("Content-Type", "application/json")
                            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(PAYLOAD_SCHEMA)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 201) {
                        throw new IllegalStateException("schema of " + stream + ": " + answer.statusCode() + " "
                                + answer.body());
                    }
                }
            }
            // alternated, twice each, so that a drift of the machine does not land on one side
            double plainCpu = 0;
            double schemaCpu = 0;
            for (int round = 1; round <= 2; round++) {
                WrkRun plain = wrk(port, server, "publish.lua", 64, "32", plainStreams);
                WrkRun schema = wrk(port, server, "publish.lua", 64, "32", validated);
                rows.add(wrkRow("wrk: publish, 64 connections, 64 streams, no schema (round " + round + ")", plain,
                        1, "events/s"));
                rows.add(wrkRow("wrk: publish, 64 connections, 64 streams, payload validated by a JSON Schema (round "
                        + round + ")", schema, 1, "events/s"));
                plainCpu += plain.cpuMicros / 2;
                schemaCpu += schema.cpuMicros / 2;
            }
            rows.add(String.format(Locale.ROOT, "schema validation: %.1f → %.1f µs server CPU per publish (mean of two"
                    + " rounds): %+.1f µs, %+.1f %%", plainCpu, schemaCpu, schemaCpu - plainCpu,
                    100 * (schemaCpu - plainCpu) / plainCpu));
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        return rows;
    }

    /** One scenario: a warm-up run, then the measured one with the server's CPU time over it. */
    private static WrkRun wrk(int port, Process server, String script, int connections, String... args)
            throws Exception {
        wrkRun(port, script, connections, seconds, args);
        long cpu = cpuTicks(List.of(server));
        Map<String, Long> summary = wrkRun(port, script, connections, seconds * 3 / 2, args);
        long ticks = cpuTicks(List.of(server)) - cpu;
        long requests = summary.get("requests");
        return new WrkRun(requests * 1e6 / summary.get("duration_us"), summary.get("p50_us") / 1000.0,
                summary.get("p99_us") / 1000.0, summary.get("p999_us") / 1000.0,
                summary.get("non2xx") + summary.get("socket_errors"), requests == 0 ? 0 : ticks * 10_000.0 / requests);
    }

    /** Runs wrk once and returns the numbers of the summary line bench/wrk/report.lua prints. */
    private static Map<String, Long> wrkRun(int port, String script, int connections, int duration, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(WRK, "-t", Integer.toString(Math.min(2, connections)), "-c",
                Integer.toString(connections), "-d", duration + "s", "-s", "bench/wrk/" + script,
                "http://127.0.0.1:" + port, "--"));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher line = Pattern.compile("WRK (.*)").matcher(output);
        if (!line.find()) {
            throw new IllegalStateException("wrk failed: " + command + "\n" + output);
        }
        Map<String, Long> summary = new LinkedHashMap<>();
        for (String pair : line.group(1).trim().split(" ")) {
            String[] keyValue = pair.split("=");
            summary.put(keyValue[0], Long.parseLong(keyValue[1]));
        }
        return summary;
    }

    private static String wrkRow(String scenario, WrkRun run, int eventsPerRequest, String unit) {
        return String.format(Locale.ROOT, "| %s (server CPU %.1f µs/request) | %,.0f %s | %.1f | %.1f | %.1f | %d |",
                scenario, run.cpuMicros, run.requestsPerSecond * eventsPerRequest, unit, run.p50, run.p99, run.p999,
                run.errors);
    }

    // ---------------------------------------------------------------- output

    static String row(String scenario, double rate, Result result, String unit) {
        if (result == null) {
            return String.format(Locale.ROOT, "| %s | %,.0f %s | | | | |", scenario, rate, unit);
        }
        return String.format(Locale.ROOT, "| %s | %,.0f %s | %.1f | %.1f | %.1f | %d |", scenario, rate, unit,
                result.percentile(50), result.percentile(99), result.percentile(99.9), result.errors);
    }

    static String table(List<String> rows, Map<String, String> results) {
        StringBuilder text = new StringBuilder();
        text.append("| scenario | throughput | p50 ms | p99 ms | p99.9 ms | errors |\n");
        text.append("|---|---|---|---|---|---|\n");
        rows.forEach(r -> text.append(r).append('\n'));
        text.append('\n');
        text.append("- publish at 64 connections / pgbench at 32 clients: **").append(results.get("ratio64"))
                .append("×** (many streams), **").append(results.get("ratio64hot")).append("×** (one hot stream)\n");
        text.append("- publish at 16 connections / pgbench at 16 clients: **").append(results.get("ratio16"))
                .append("×**\n");
        text.append("- publish at 1 connection / pgbench at 1 client: **").append(results.get("ratio1")).append("×**\n");
        text.append("- batches of " + BATCH + " / pgbench " + BATCH + " rows per transaction: **")
                .append(results.get("batch1")).append("×** (1 connection / 1 client), **")
                .append(results.get("batch16")).append("×** (16 connections / 16 clients)\n");
        if (results.containsKey("wrk1")) {
            text.append("- with wrk: publish at 1 / 16 / 64 connections over pgbench at 1 / 16 / 32 clients: **")
                    .append(results.get("wrk1")).append("×** / **").append(results.get("wrk16")).append("×** / **")
                    .append(results.get("wrk64")).append("×**; batches of " + BATCH + " at 1 / 16 connections: **")
                    .append(results.get("wrkBatch1")).append("×** / **").append(results.get("wrkBatch16"))
                    .append("×**; the wrk server's peak RSS: **").append(results.get("wrkRss")).append("**\n");
        }
        text.append("- server peak RSS (VmHWM): **").append(results.get("rss")).append("**\n");
        if (results.containsKey("wrkCpu64")) {
            text.append(targets(results));
        }
        text.append("- process start to first 200 (publish, external PostgreSQL): **").append(results.get("start"))
                .append("**\n");
        return text.toString();
    }

    /** Issue 28's targets, each with this run's figure (n/a where a scenario did not run). */
    static String targets(Map<String, String> r) {
        StringBuilder text = new StringBuilder("\nIssue 28's targets in this run:\n\n| target | this run |\n|---|---|\n");
        java.util.function.Function<String, String> get = key -> r.getOrDefault(key, "n/a");
        text.append("| server CPU per publish at 64 connections ≤ 45 µs (wrk) | ").append(get.apply("wrkCpu64"))
                .append(" µs |\n");
        text.append("| publish at 64 connections ≥ 2.5× pgbench at 32 clients (wrk) | ").append(get.apply("wrk64"))
                .append("× |\n");
        text.append("| publish at 16 connections ≥ 1.5× pgbench at 16 clients (wrk) | ").append(get.apply("wrk16"))
                .append("× |\n");
        text.append("| publish p50 at 1 connection ≤ pgbench's average at 1 client + 0.25 ms (wrk) | ")
                .append(get.apply("wrkP50_1")).append(" ms vs ").append(get.apply("pgbenchLatency1"))
                .append(" ms + 0.25 |\n");
        text.append("| publish p99 ≤ 20 ms at 16 and 64 connections (wrk) | ").append(get.apply("wrkP99_16"))
                .append(" / ").append(get.apply("wrkP99_64")).append(" ms |\n");
        text.append("| GET limit=100 at 32 connections ≥ 300,000 events/s, p99 ≤ 50 ms (wrk) | ")
                .append(get.apply("wrkGet32")).append(" events/s, p99 ").append(get.apply("wrkGetP99_32"))
                .append(" ms |\n");
        text.append("| long-poll wake-up p99 ≤ 20 ms with 100 waiting consumers | ").append(get.apply("wakeP99"))
                .append(" ms |\n");
        String kafkaRatio = r.containsKey("kafkaGet") && r.containsKey("get")
                ? String.format(Locale.ROOT, "%.2f", Double.parseDouble(r.get("kafkaGet")) / Double.parseDouble(r.get("get")))
                : "n/a";
        text.append("| Kafka engine: GET limit=100 ≥ 0.8× the PostgreSQL engine's (8 consumers) | ").append(kafkaRatio)
                .append("× (").append(get.apply("kafkaGet")).append(" vs ").append(get.apply("get"))
                .append(" events/s) |\n");
        text.append("| Kafka engine: wake-up p99 ≤ 50 ms | ").append(get.apply("kafkaWakeP99")).append(" ms |\n");
        text.append("| start to first 200 ≤ 1.0 s (external database) | ").append(get.apply("start")).append(" |\n");
        text.append("| RSS ≤ 256 MB | ").append(get.apply("rss")).append(" (wrk server ").append(get.apply("wrkRss"))
                .append(") |\n");
        return text.toString();
    }

    static void writeDocs(String table) throws IOException {
        Path docs = Path.of("docs", "benchmarks.md");
        String text = Files.exists(docs) ? Files.readString(docs) : "";
        String begin = "<!-- results:begin -->";
        String end = "<!-- results:end -->";
        String results = begin + "\n_Last run: " + LocalDate.now() + ", " + seconds + " s per scenario, "
                + Runtime.getRuntime().availableProcessors() + " cores._\n\n" + table + end;
        if (text.contains(begin) && text.contains(end)) {
            text = text.substring(0, text.indexOf(begin)) + results + text.substring(text.indexOf(end) + end.length());
        } else {
            text = text + "\n" + results + "\n";
        }
        Files.createDirectories(docs.getParent());
        Files.writeString(docs, text);
    }

    // ---------------------------------------------------------------- plumbing

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Drops the scenario's database and pgbench's. */
    static void dropDatabases(String pg, String database) throws Exception {
        execute(pg, "drop database if exists " + database + " with (force)");
        execute(pg, "drop database if exists " + database + "_pgbench with (force)");
    }

    static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    static String lastEventId(String body) {
        int at = body.lastIndexOf("\"eventId\":\"") + 11;
        return body.substring(at, at + 36);
    }

    record Response(int status, String body, long units) {
    }

    /** A minimal keep-alive HTTP/1.1 client: enough for this server's Content-Length answers. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 65536);
        }

        Response post(String path, String producer, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            return exchange("POST " + path + " HTTP/1.1\r\nHost: bench\r\nAuthorization: " + AUTH
                    + "\r\nX-Producer-ID: " + producer + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n", body);
        }

        Response put(String path, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            return exchange("PUT " + path + " HTTP/1.1\r\nHost: bench\r\nAuthorization: " + AUTH
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n", body);
        }

        Response get(String path, String consumer) throws IOException {
            return exchange("GET " + path + " HTTP/1.1\r\nHost: bench\r\nAuthorization: " + AUTH
                    + "\r\nX-Consumer-ID: " + consumer + "\r\n\r\n", new byte[0]);
        }

        Response postJson(String path, String consumer, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            return exchange("POST " + path + " HTTP/1.1\r\nHost: bench\r\nAuthorization: " + AUTH
                    + "\r\nX-Consumer-ID: " + consumer + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n", body);
        }

        Response ack(String path, String consumer) throws IOException {
            return exchange("POST " + path + " HTTP/1.1\r\nHost: bench\r\nAuthorization: " + AUTH
                    + "\r\nX-Consumer-ID: " + consumer + "\r\nContent-Type: application/x-www-form-urlencoded"
                    + "\r\nContent-Length: 10\r\n\r\n", "action=ACK".getBytes(StandardCharsets.US_ASCII));
        }

        private Response exchange(String head, byte[] body) throws IOException {
            byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
            byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            for (String header = line(); !header.isEmpty(); header = line()) {
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).strip());
                }
            }
            byte[] content = in.readNBytes(length);
            return new Response(status, new String(content, StandardCharsets.UTF_8), 1);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

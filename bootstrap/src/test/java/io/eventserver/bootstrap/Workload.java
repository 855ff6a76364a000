package io.eventserver.bootstrap;

import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventserver.adapters.http.HttpTestClient;

/**
 * A Jepsen-style workload and checker for the reliability tests: concurrent publishers (each knows exactly what it
 * sent and what it was told), one consumer that reads and acknowledges, and a final check of what the server
 * really stored against everything clients were told. It runs on through server or database outages; every
 * request that could not be answered is recorded as what it is (not sent, in doubt, rejected).
 */
final class Workload {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /** What a publisher was told. */
    enum Outcome {
        /** 200: committed; must be stored, exactly. */
        OK,
        /** Never reached the server (connection refused): must not be stored. */
        NOT_SENT,
        /** 4xx: rejected; must not be stored. */
        REJECTED,
        /** The connection broke or the server answered 5xx: may or may not be stored, but never half. */
        IN_DOUBT
    }

    record Attempt(int writer, int n, String stream, String body, Outcome outcome, String eventId, int status) {
    }

    /** The checker's verdict. Everything but inDoubt, notSent and the counts must be zero. */
    record Report(int acknowledgedPublishes, int lost, int altered, int phantoms, int duplicates, int reordered,
                  int gaps, int inDoubt, int inDoubtStored, int notSent, int rejected, int serverErrors,
                  int offsetsRegressed, int acknowledgements, int storedEvents, List<String> problems) {

        String summary() {
            return "publishes_acknowledged=" + acknowledgedPublishes + " lost=" + lost + " in_doubt=" + inDoubt
                    + " (stored " + inDoubtStored + ") offsets_regressed=" + offsetsRegressed
                    + " acknowledgements=" + acknowledgements + " not_sent=" + notSent + " answered_5xx="
                    + serverErrors + " altered=" + altered + " phantoms=" + phantoms + " duplicates=" + duplicates
                    + " reordered=" + reordered + " gaps=" + gaps;
        }
    }

    private final HttpTestClient http;
    private final int writers;
    private final List<String> streams = new ArrayList<>();
    private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> confirmedAcks = new ConcurrentHashMap<>();
    /** The highest sequence an acknowledgement was sent for, answered or not: the offset is at most that. */
    private final Map<String, Long> attemptedAcks = new ConcurrentHashMap<>();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger offsetsRegressed = new AtomicInteger();
    private final AtomicInteger acknowledgements = new AtomicInteger();
    private final List<String> consumerProblems = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final String consumer = "consumer-" + UUID.randomUUID();
    private ExecutorService pool;
    private final List<Future<?>> tasks = new ArrayList<>();
    private boolean keyed;
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();

    /** {@code writers} publishing connections spread over {@code streamCount} streams, one producer each. */
    Workload(HttpTestClient http, int writers, int streamCount) {
        this.http = http;
        this.writers = writers;
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int s = 0; s < streamCount; s++) {
            streams.add("reliability-" + run + "-" + s);
        }
    }

    /**
     * Publishers send every publish with an {@code Idempotency-Key} and retry it — also across a restart of the
     * server — until it is answered: then nothing is ever in doubt.
     */
    Workload withIdempotencyKeys() {
        this.keyed = true;
        return this;
    }

    /** Pages that started after an event the consumer never acknowledged: events it would have skipped. */
    int skipped() {
        return skipped.get();
    }

    /** Publishes sent again after no answer, a 5xx or a broken connection (keyed workloads only). */
    int retries() {
        return retries.get();
    }

    /** Retries answered {@code Idempotent-Replayed: true}: the first try had been stored. */
    int replayed() {
        return replayed.get();
    }

    void start() {
        running.set(true);
        pool = Executors.newFixedThreadPool(writers + 1);
        for (int w = 0; w < writers; w++) {
            int writer = w;
            tasks.add(pool.submit(() -> publishLoop(writer)));
        }
        tasks.add(pool.submit(this::consumeLoop));
    }

    void stop() throws Exception {
        running.set(false);
        for (Future<?> task : tasks) {
            task.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
    }

    int acknowledgedPublishes() {
        synchronized (attempts) {
            return (int) attempts.stream().filter(a -> a.outcome() == Outcome.OK).count();
        }
    }

    /**
     * Waits until {@code more} further publishes were answered 200 (bounded, so that a stuck server fails the test
     * instead of hanging it). Fault tests use it so that each phase does real work however slow the machine is.
     */
    void awaitMoreAcknowledged(int more) throws InterruptedException {
        int target = acknowledgedPublishes() + more;
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (acknowledgedPublishes() < target) {
            if (System.nanoTime() > giveUpAt) {
                throw new AssertionError("no progress: " + acknowledgedPublishes() + " of " + target
                        + " publishes acknowledged after 120 s");
            }
            Thread.sleep(20);
        }
    }

    private String streamOf(int writer) {
        return streams.get(writer % streams.size());
    }

    private static String producerOf(String stream) {
        return "producer-" + stream;
    }

    private void publishLoop(int writer) {
        String stream = streamOf(writer);
        for (int n = 0; running.get(); n++) {
            String body = "{\"event\":{\"name\":\"Tick\",\"version\":1},\"system\":{\"id\":\"w" + writer
                    + "\",\"name\":\"workload\",\"time\":\"2026-11-27 12:00:00\",\"timezone\":\"UTC\"},"
                    + "\"trigger\":{\"type\":\"test\",\"name\":\"Workload\"},"
                    + "\"payload\":{\"writer\":" + writer + ",\"n\":" + n + ",\"amount\":1234567890.1234567890}}";
            if (keyed) {
                attempts.add(publishUntilAnswered(writer, n, stream, body));
                continue;
            }
            try {
                HttpResponse<String> response = http.publish(stream, producerOf(stream), body);
                int status = response.statusCode();
                if (status == 200) {
                    String id = response.body().substring(1, response.body().length() - 1);
                    attempts.add(new Attempt(writer, n, stream, body, Outcome.OK, id, status));
                } else {
                    attempts.add(new Attempt(writer, n, stream, body,
                            status >= 500 ? Outcome.IN_DOUBT : Outcome.REJECTED, null, status));
                    pause();
                }
            } catch (IllegalStateException e) {
                boolean notSent = e.getCause() instanceof ConnectException;
                attempts.add(new Attempt(writer, n, stream, body, notSent ? Outcome.NOT_SENT : Outcome.IN_DOUBT,
                        null, 0));
                pause();
            }
        }
    }

    /** Sends the publish with its key until it is answered 200 or 4xx, whatever happens to the server meanwhile. */
    private Attempt publishUntilAnswered(int writer, int n, String stream, String body) {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
        while (System.nanoTime() < giveUpAt) {
            try {
                HttpResponse<String> response = http.send(http.request("/api/v1/streams/" + stream + "/events")
                        .header("X-Producer-ID", producerOf(stream))
                        .header("Idempotency-Key", "w" + writer + "-n" + n)
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
                int status = response.statusCode();
                if (status == 200) {
                    if (response.headers().firstValue("Idempotent-Replayed").isPresent()) {
                        replayed.incrementAndGet();
                    }
                    return new Attempt(writer, n, stream, body, Outcome.OK,
                            response.body().substring(1, response.body().length() - 1), status);
                }
                if (status < 500) {
                    return new Attempt(writer, n, stream, body, Outcome.REJECTED, null, status);
                }
            } catch (IllegalStateException e) {
                // no answer: the server is down or went down mid-request; the key makes sending again safe
            }
            retries.incrementAndGet();
            pause();
        }
        return new Attempt(writer, n, stream, body, Outcome.IN_DOUBT, null, 0);
    }

    private void consumeLoop() {
        while (running.get()) {
            for (String stream : streams) {
                try {
                    HttpResponse<String> response = http.consume(stream, consumer, "Tick", 50);
                    if (response.statusCode() != 200) {
                        pause();
                        continue;
                    }
                    JsonNode batch = JSON.readTree(response.body());
                    long confirmed = confirmedAcks.getOrDefault(stream, 0L);
                    long attempted = attemptedAcks.getOrDefault(stream, 0L);
                    long acknowledgedAtMost = Math.max(confirmed, attempted);
                    if (!batch.isEmpty() && batch.get(0).get("sequence").asLong() > acknowledgedAtMost + 1) {
                        skipped.incrementAndGet();
                        consumerProblems.add(stream + ": the page starts at " + batch.get(0).get("sequence").asLong()
                                + " although nothing after " + acknowledgedAtMost + " was acknowledged");
                    }
                    for (JsonNode event : batch) {
                        if (event.get("sequence").asLong() <= confirmed) {
                            offsetsRegressed.incrementAndGet();
                            consumerProblems.add(stream + ": sequence " + event.get("sequence").asLong()
                                    + " delivered again after its acknowledgement (offset " + confirmed + ")");
                        }
                    }
                    if (!batch.isEmpty()) {
                        JsonNode last = batch.get(batch.size() - 1);
                        attemptedAcks.merge(stream, last.get("sequence").asLong(), Math::max);
                        HttpResponse<String> ack = http.acknowledge(stream, consumer, last.get("eventId").asText());
                        if (ack.statusCode() == 200) {
                            acknowledgements.incrementAndGet();
                            confirmedAcks.merge(stream, last.get("sequence").asLong(), Math::max);
                        }
                    }
                } catch (IllegalStateException e) {
                    pause(); // server down: the acknowledgement, if any, failed and may be repeated
                } catch (Exception e) {
                    consumerProblems.add("consumer: " + e);
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads everything the server stored in the workload's streams and compares it with what clients were told. */
    Report check(HttpTestClient checker) throws Exception {
        List<String> problems = new ArrayList<>(consumerProblems);
        Map<String, Attempt> byKey = new HashMap<>();
        for (Attempt attempt : attempts) {
            byKey.put(attempt.writer() + "/" + attempt.n(), attempt);
        }
        Map<String, JsonNode> storedByKey = new HashMap<>();
        Map<String, Long> sequenceByKey = new HashMap<>();
        int duplicates = 0;
        int gaps = 0;
        int storedEvents = 0;
        String reader = "checker-" + UUID.randomUUID();
        for (String stream : streams) {
            long expectedSequence = 1;
            while (true) {
                HttpResponse<String> response = checker.consume(stream, reader, "Tick", 1000);
                if (response.statusCode() == 404) {
                    break; // nothing ever committed to this stream
                }
                if (response.statusCode() != 200) {
                    throw new AssertionError("checker read failed: " + response.statusCode() + " " + response.body());
                }
                JsonNode batch = JSON.readTree(response.body());
                if (batch.isEmpty()) {
                    break;
                }
                for (JsonNode event : batch) {
                    storedEvents++;
                    long sequence = event.get("sequence").asLong();
                    if (sequence != expectedSequence) {
                        gaps++;
                        problems.add(stream + ": sequence " + sequence + " where " + expectedSequence
                                + " was expected");
                    }
                    expectedSequence = sequence + 1;
                    String key = event.at("/payload/writer").asInt() + "/" + event.at("/payload/n").asInt();
                    if (storedByKey.put(key, event) != null) {
                        duplicates++;
                        problems.add("stored twice: " + key);
                    }
                    sequenceByKey.put(key, sequence);
                }
                HttpResponse<String> ack = checker.acknowledge(stream, reader,
                        batch.get(batch.size() - 1).get("eventId").asText());
                if (ack.statusCode() != 200) {
                    throw new AssertionError("checker acknowledge failed: " + ack.body());
                }
            }
        }

        int acknowledged = 0;
        int lost = 0;
        int altered = 0;
        int inDoubt = 0;
        int inDoubtStored = 0;
        int notSent = 0;
        int rejected = 0;
        int serverErrors = 0;
        int phantoms = 0;
        for (Attempt attempt : attempts) {
            String key = attempt.writer() + "/" + attempt.n();
            JsonNode stored = storedByKey.get(key);
            if (attempt.status() >= 500) {
                serverErrors++;
            }
            switch (attempt.outcome()) {
                case OK -> {
                    acknowledged++;
                    if (stored == null) {
                        lost++;
                        problems.add("lost: " + key + " (" + attempt.eventId() + ")");
                    } else if (!attempt.eventId().equals(stored.get("eventId").asText())
                            || !sameDocument(stored, attempt.body())) {
                        altered++;
                        problems.add("altered: " + key);
                    }
                }
                case IN_DOUBT -> {
                    inDoubt++;
                    if (stored != null) {
                        inDoubtStored++;
                        if (!sameDocument(stored, attempt.body())) {
                            altered++;
                            problems.add("in-doubt publish stored differently: " + key);
                        }
                    }
                }
                case NOT_SENT, REJECTED -> {
                    if (attempt.outcome() == Outcome.NOT_SENT) {
                        notSent++;
                    } else {
                        rejected++;
                    }
                    if (stored != null) {
                        phantoms++;
                        problems.add("stored although " + attempt.outcome() + ": " + key);
                    }
                }
            }
        }
        for (String key : storedByKey.keySet()) {
            if (!byKey.containsKey(key)) {
                phantoms++;
                problems.add("stored but never sent: " + key);
            }
        }
        int reordered = 0;
        for (int w = 0; w < writers; w++) {
            long previous = 0;
            for (Attempt attempt : attempts) {
                if (attempt.writer() == w && attempt.outcome() == Outcome.OK) {
                    long sequence = sequenceByKey.getOrDefault(attempt.writer() + "/" + attempt.n(), -1L);
                    if (sequence != -1 && sequence <= previous) {
                        reordered++;
                        problems.add("writer " + w + ": n=" + attempt.n() + " stored before an earlier publish");
                    }
                    previous = Math.max(previous, sequence);
                }
            }
        }
        return new Report(acknowledged, lost, altered, phantoms, duplicates, reordered, gaps, inDoubt,
                inDoubtStored, notSent, rejected, serverErrors, offsetsRegressed.get(), acknowledgements.get(),
                storedEvents, Collections.unmodifiableList(problems));
    }

    private static boolean sameDocument(JsonNode stored, String sentBody) throws Exception {
        ObjectNode document = stored.deepCopy();
        document.remove(List.of("eventId", "sequence", "receivedAt"));
        return document.equals(JSON.readTree(sentBody));
    }
}

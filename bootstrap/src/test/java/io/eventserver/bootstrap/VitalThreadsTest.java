package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import io.eventserver.application.port.out.StorageEngine;
import io.eventserver.application.port.out.VitalThread;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 29, point 1: after an OutOfMemoryError the edge watchdog, the notifications listener and Helidon's timers
 * had died — slow heads were no longer cut off, wake-ups across processes stopped — and readiness answered 200
 * throughout. Readiness now watches every thread the server relies on and answers 503 as soon as one has died; here
 * a real server's thread is killed and readiness goes down within a bounded wait: the group-commit writer, and
 * Helidon's idle-connection timer, on which the edge's head and body time-outs run since the edge has no watchdog
 * of its own (ADR 50).
 */
class VitalThreadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"eventserver-group-commit", VitalThreads.IDLE_CONNECTION_TIMER})
    void readinessTurns503AsSoonAsAThreadTheServerReliesOnHasDied(String threadName) throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (EventServer server = TestServers.start(Map.of("db.url", TestDatabases.create().url()))) {
            HttpTestClient http = new HttpTestClient(server.port()).as("alice", "alice-pw");
            List<Thread> ours = threadsNamed(threadName).stream().filter(thread -> !before.contains(thread)).toList();
            assertEquals(1, ours.size(), "this server's " + threadName + ": " + ours);
            assertEquals(200, http.publish("vital", "shop", event("Created", "{}")).statusCode());
            assertEquals(200, http.send(http.request("/observe/health/ready").GET()).statusCode());

            Thread victim = ours.getFirst();
            kill(victim);
            assertTrue(victim.join(Duration.ofSeconds(20)), threadName + " did not end within 20 s");

            HttpResponse<String> ready = http.send(http.request("/observe/health/ready").GET());
            assertEquals(503, ready.statusCode(), ready.body());
            assertEquals("DOWN", check(ready.body(), "threads"), ready.body());
            assertEquals("UP", check(ready.body(), "database"), "only the thread is the matter: " + ready.body());
            if (threadName.equals("eventserver-group-commit")) {
                HttpResponse<String> publish = http.publish("vital", "shop", event("Created", "{}"));
                assertEquals(503, publish.statusCode(), "a publish is refused at once, not kept waiting: "
                        + publish.body());
            }
        }
    }

    /**
     * A periodic task that threw — an Error in the readiness refresh, say — is never run again while its thread
     * lives on: it counts as dead, and readiness (whose own refresh is such a task) goes down.
     */
    @Test
    void aPeriodicTaskThatThrewIsDead() throws Exception {
        VitalThreads vital = new VitalThreads();
        StorageEngine.Probe failing = new StorageEngine.Probe("database", () -> {
            throw new OutOfMemoryError("planted");
        });
        StorageEngine.Probe fine = new StorageEngine.Probe("database", () -> true);
        try (Readiness healthy = new Readiness(List.of(fine), vital).start(Duration.ofMillis(50))) {
            assertTrue(healthy.isUp(Readiness.THREADS));
        }
        VitalThreads other = new VitalThreads();
        Readiness broken;
        try {
            broken = new Readiness(List.of(failing), other);
        } catch (OutOfMemoryError firstProbe) {
            // the first probe runs in the constructor: a planted error there fails the start, as it should
            broken = null;
        }
        assertTrue(broken == null);

        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            VitalThread task = VitalThread.of("planted", executor.scheduleWithFixedDelay(() -> {
                throw new OutOfMemoryError("planted");
            }, 10, 10, TimeUnit.MILLISECONDS));
            other.watch(task);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (other.allAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertFalse(other.allAlive());
            assertEquals(List.of("planted"), other.dead());
        } finally {
            executor.shutdownNow();
        }
    }

    private static String check(String health, String name) throws Exception {
        JsonNode checks = JSON.readTree(health).get("checks");
        for (JsonNode check : checks) {
            if (check.get("name").asText().equals(name)) {
                return check.get("status").asText();
            }
        }
        return "missing";
    }

    /**
     * Ends a thread as an error in it would. Our threads end when interrupted; a {@link java.util.Timer}'s thread
     * outlives interrupts and ends when one of its tasks throws, which empties its queue and refuses further tasks —
     * what {@code Timer.cancel()} does, done here on the thread (the {@code Timer} itself is Helidon's private;
     * bootstrap's tests open {@code java.util} for this).
     */
    private static void kill(Thread victim) throws ReflectiveOperationException {
        if (!victim.getClass().getName().equals("java.util.TimerThread")) {
            victim.interrupt();
            return;
        }
        Field queueField = victim.getClass().getDeclaredField("queue");
        Field more = victim.getClass().getDeclaredField("newTasksMayBeScheduled");
        queueField.setAccessible(true);
        more.setAccessible(true);
        Object queue = queueField.get(victim);
        Method clear = queue.getClass().getDeclaredMethod("clear");
        clear.setAccessible(true);
        synchronized (queue) {
            more.setBoolean(victim, false);
            clear.invoke(queue);
            queue.notify();
        }
    }

    /** The threads by that name; Helidon's idle-connection timer goes by another one while it checks connections. */
    private static Set<Thread> threadsNamed(String name) {
        return Set.copyOf(Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name) || name.equals(VitalThreads.IDLE_CONNECTION_TIMER)
                        && thread.getName().startsWith("idle-timeout-handler-"))
                .toList());
    }
}

package io.eventserver.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.eventserver.application.port.out.VitalThread;

/**
 * The threads the server cannot work without (issue 29, ADR 45): the storage engine's (group-commit writer,
 * notifications listener, Kafka's watcher and producer), the HTTP adapter's (the event-stream watchdog),
 * bootstrap's own periodic tasks (readiness, lag gauges) and Helidon's (its listener and timers, one of which runs
 * the edge's head and body time-outs, ADR 50). An
 * {@code OutOfMemoryError} — or any bug — can end one while every other thread goes on: slow requests are no longer
 * cut off, wake-ups and user changes from other processes stop, publishes wait in vain. Readiness asks
 * {@link #allAlive} on every health request (a few {@code isAlive} calls), so it answers 503 as soon as one is dead;
 * the first time each is found dead is logged.
 */
final class VitalThreads {

    private static final System.Logger LOGGER = System.getLogger(VitalThreads.class.getName());

    /** Helidon's timer of the date header, one per JVM. */
    static final String HTTP_TIMER = "helidon-http-timer";
    /**
     * Helidon's timer that closes idle connections, one per server; the edge's time-outs run on it (ADR 50). While
     * it checks a listener's connections it goes by {@code idle-timeout-handler-<listener>}.
     */
    static final String IDLE_CONNECTION_TIMER = "helidon-idle-connection-timer";
    private static final String IDLE_CHECK = "idle-timeout-handler-";

    private final List<VitalThread> watched = new CopyOnWriteArrayList<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    void watch(VitalThread thread) {
        watched.add(thread);
    }

    void watch(List<VitalThread> threads) {
        watched.addAll(threads);
    }

    /**
     * Helidon's threads that are running now: its date timer, and the listeners and idle-connection timer that were
     * not running {@code before} (this server's, whatever other servers run in the same JVM).
     */
    void watchHelidon(Set<Thread> before) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            boolean ours = !before.contains(thread);
            if (ours && name.startsWith("server-@") && name.endsWith("-listener") || name.equals(HTTP_TIMER)) {
                watch(VitalThread.of(thread));
            } else if (ours && (name.equals(IDLE_CONNECTION_TIMER) || name.startsWith(IDLE_CHECK))) {
                watch(new VitalThread(IDLE_CONNECTION_TIMER, thread::isAlive));
            }
        }
    }

    /** True when every watched thread is alive. */
    boolean allAlive() {
        boolean all = true;
        for (VitalThread thread : watched) {
            if (!alive(thread)) {
                all = false;
                if (reported.add(thread.name())) {
                    LOGGER.log(System.Logger.Level.ERROR, "eventserver: the thread " + thread.name()
                            + " has died; readiness answers 503 from now on (restart the server)");
                }
            }
        }
        return all;
    }

    /** The names of the watched threads that have died. */
    List<String> dead() {
        List<String> dead = new ArrayList<>();
        for (VitalThread thread : watched) {
            if (!alive(thread)) {
                dead.add(thread.name());
            }
        }
        return dead;
    }

    /** The names of the watched threads. */
    List<String> names() {
        return watched.stream().map(VitalThread::name).toList();
    }

    private static boolean alive(VitalThread thread) {
        try {
            return thread.alive().getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}

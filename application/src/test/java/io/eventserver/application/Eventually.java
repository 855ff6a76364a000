package io.eventserver.application;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * How a test waits: a check is run again and again until it holds or a generous deadline has passed, and only then
 * does its last failure count — never one short call whose own time-out decides (a loaded machine is slow, not
 * wrong). Nothing here measures time for an assertion; the deadline only stops a test whose system hangs.
 * Shared by every module's tests through this module's test-jar.
 */
public final class Eventually {

    /** For what normally takes well under a second: ample on two cores at a load average of 6. */
    public static final Duration GENEROUS = Duration.ofSeconds(60);

    private static final long PAUSE_MILLIS = 50;

    private Eventually() {
    }

    /** A check that fails by throwing (an assertion, or an exception such as a refused connection). */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /**
     * Runs {@code check} until it returns normally; at the deadline its last failure is thrown, as an
     * {@link AssertionError} naming the deadline.
     */
    public static void within(Duration deadline, Check check) {
        within(deadline, () -> {
            check.run();
            return Boolean.TRUE;
        }, passed -> true);
    }

    /**
     * The first value of {@code probe} that {@code done} accepts. A probe that throws counts as "not yet"; at the
     * deadline the last value (or failure) is reported.
     */
    public static <T> T within(Duration deadline, Callable<T> probe, Predicate<? super T> done) {
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        Throwable lastFailure = null;
        T lastValue = null;
        boolean sawValue = false;
        while (true) {
            try {
                T value = probe.call();
                if (done.test(value)) {
                    return value;
                }
                lastValue = value;
                sawValue = true;
                lastFailure = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            } catch (Exception | AssertionError e) {
                lastFailure = e;
            }
            if (System.nanoTime() - giveUpAt > 0) {
                String what = lastFailure != null ? String.valueOf(lastFailure.getMessage())
                        : "last value " + (sawValue ? lastValue : "none");
                throw new AssertionError("not within " + deadline.toSeconds() + " s: " + what, lastFailure);
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}

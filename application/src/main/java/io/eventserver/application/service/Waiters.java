package io.eventserver.application.service;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventserver.application.port.in.ReadEventsUseCase.TooManyWaiting;
import io.eventserver.application.port.out.AppendSignals;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.stream.StreamName;

/**
 * Consumers waiting for events of a (stream, event name) (ADR 34). A waiter holds no database connection: it sleeps
 * until {@link AppendSignals} says events of its name were committed, or its time is up, and then its consumer reads
 * again. At most {@code maxWaiting} wait at once. {@link #close} wakes them all for good, so that a stopping server
 * answers them (with what they have) within its grace period.
 */
public final class Waiters implements AppendSignals.Listener, AutoCloseable {

    private record Key(StreamName stream, EventName eventName) {
    }

    /** One waiting consumer: signalled any number of times, each signal wakes it once. */
    public final class Waiter {
        private final Key key;
        private final Semaphore signals = new Semaphore(0);

        private Waiter(Key key) {
            this.key = key;
        }

        /** Waits until a signal (also one that came before this call) or the deadline; false when time is up. */
        public boolean await(long deadlineNanos) throws InterruptedException {
            if (closed) {
                return false;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return signals.tryAcquire();
            }
            boolean signalled = signals.tryAcquire(left, TimeUnit.NANOSECONDS);
            signals.drainPermits();
            return signalled && !closed;
        }

        private void signal() {
            signals.release();
        }
    }

    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<Key, Set<Waiter>> byKey = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param maxWaiting consumers that may wait at once; one more is refused */
    public Waiters(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    /**
     * Starts waiting for events of {@code eventName} in {@code stream}; call {@link #leave} when done.
     *
     * @throws TooManyWaiting when {@code maxWaiting} consumers wait already
     */
    public Waiter join(StreamName stream, EventName eventName) {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            throw new TooManyWaiting(maxWaiting);
        }
        Waiter waiter = new Waiter(new Key(stream, eventName));
        byKey.computeIfAbsent(waiter.key, ignored -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    public void leave(Waiter waiter) {
        byKey.computeIfPresent(waiter.key, (key, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
        waiting.decrementAndGet();
    }

    /** True once {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** How many consumers wait now, for metrics. */
    public int waiting() {
        return waiting.get();
    }

    @Override
    public void appended(StreamName stream, EventName eventName) {
        Set<Waiter> waiters = byKey.get(new Key(stream, eventName));
        if (waiters != null) {
            waiters.forEach(Waiter::signal);
        }
    }

    @Override
    public void anything() {
        byKey.values().forEach(waiters -> waiters.forEach(Waiter::signal));
    }

    /** Wakes the waiters of every event name of a deleted stream (ADR 62), so that they find it gone. */
    public void deleted(StreamName stream) {
        byKey.forEach((key, waiters) -> {
            if (key.stream().equals(stream)) {
                waiters.forEach(Waiter::signal);
            }
        });
    }

    /** Wakes every waiter, and makes every later wait end at once. */
    @Override
    public void close() {
        closed = true;
        anything();
    }
}

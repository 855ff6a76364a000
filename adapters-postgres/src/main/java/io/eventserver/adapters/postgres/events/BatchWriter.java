package io.eventserver.adapters.postgres.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.ToLongFunction;

import io.eventserver.application.port.out.StoreUnavailable;

/**
 * Batches writes: callers {@link #submit} an item and wait; one writer thread takes what has queued up meanwhile —
 * bounded by count and by weight — and stores it with one call of the {@link Store}, then answers every caller of
 * the batch. Knows nothing of SQL: the store decides what a batch is in the database (ADR 15).
 * <p>
 * When a batch fails as a whole, its items are stored again one by one, so that one bad item fails alone — unless
 * the failure is {@link StoreUnavailable}: then the batch and everything queued behind it fail at once, so that no
 * caller waits through two connection time-outs (ADR 21).
 *
 * @param <I> what callers submit
 * @param <O> what a stored item gives back
 */
final class BatchWriter<I, O> implements AutoCloseable {

    /** What a batch's items came to: each stored, or failed on its own. */
    sealed interface Outcome<O> {
    }

    record Stored<O>(O value) implements Outcome<O> {
    }

    record Failed<O>(RuntimeException failure) implements Outcome<O> {
    }

    /** Stores a batch in one transaction; returns one outcome per item, in the order of the items. */
    @FunctionalInterface
    interface Store<I, O> {
        /** @throws RuntimeException when the batch as a whole could not be stored (nothing of it is) */
        List<Outcome<O>> store(List<I> batch);
    }

    /** How long a caller waits for its batch at most: a writer that cannot make progress turns into 503s. */
    private static final int WAIT_LIMIT_SECONDS = 60;

    /** A submitted item and its caller's future. Identity, not value: items may be equal and still distinct. */
    private static final class Pending<I, O> {
        final I item;
        final CompletableFuture<O> result = new CompletableFuture<>();

        Pending(I item) {
            this.item = item;
        }
    }

    private final Store<I, O> store;
    private final int maxBatch;
    private final ToLongFunction<I> weight;
    private final long maxWeight;
    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final ReadWriteLock accepting = new ReentrantReadWriteLock();
    private final Thread writer;
    private volatile boolean running = true;

    /**
     * @param maxBatch  the most items in one batch
     * @param weight    what an item weighs (say, its size in characters)
     * @param maxWeight a batch stops growing once its items weigh this much
     */
    BatchWriter(String threadName, Store<I, O> store, int maxBatch, ToLongFunction<I> weight, long maxWeight) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.weight = weight;
        this.maxWeight = maxWeight;
        this.writer = Thread.ofPlatform().name(threadName).daemon(true).start(this::run);
    }

    /** Stores the item with the next batch; returns when that batch has been stored. */
    O submit(I item) {
        Pending<I, O> pending = new Pending<>(item);
        // under the read lock, so that close() cannot slip between the check and the add: an item that got in is
        // in the queue before the writer is told to stop, and the writer drains the queue before it ends
        accepting.readLock().lock();
        try {
            if (!running) {
                throw new StoreUnavailable("the event store is closed", null);
            }
            if (!writer.isAlive()) {
                // it died (readiness says so): nothing would ever store the item
                throw new StoreUnavailable("the writer " + writer.getName() + " has died", null);
            }
            queue.add(pending);
        } finally {
            accepting.readLock().unlock();
        }
        try {
            return pending.result.get(WAIT_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new StoreUnavailable("no commit within " + WAIT_LIMIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailable("interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Pending<I, O>> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long batchWeight = weight.applyAsLong(first.item);
                for (Pending<I, O> next; batch.size() < maxBatch && batchWeight < maxWeight
                        && (next = queue.poll()) != null; ) {
                    batch.add(next);
                    batchWeight += weight.applyAsLong(next.item);
                }
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                batch.forEach(pending -> pending.result.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending<I, O>> batch) {
        List<Outcome<O>> outcomes;
        try {
            outcomes = store.store(batch.stream().map(pending -> pending.item).toList());
        } catch (StoreUnavailable unavailable) {
            // retrying one by one would only fail slower; what queued meanwhile waited for this batch's connection
            // time-out already
            List<Pending<I, O>> queued = new ArrayList<>();
            queue.drainTo(queued);
            batch.forEach(pending -> pending.result.completeExceptionally(unavailable));
            queued.forEach(pending -> pending.result.completeExceptionally(unavailable));
            return;
        } catch (RuntimeException batchFailed) {
            outcomes = batch.size() == 1 ? List.of(new Failed<>(batchFailed)) : oneByOne(batch);
        }
        // only now, after the commit: a caller told 200 must find its item stored
        for (int i = 0; i < batch.size(); i++) {
            switch (outcomes.get(i)) {
                case Stored<O> stored -> batch.get(i).result.complete(stored.value());
                case Failed<O> failed -> batch.get(i).result.completeExceptionally(failed.failure());
            }
        }
    }

    private List<Outcome<O>> oneByOne(List<Pending<I, O>> batch) {
        List<Outcome<O>> outcomes = new ArrayList<>();
        for (Pending<I, O> pending : batch) {
            try {
                outcomes.add(store.store(List.of(pending.item)).getFirst());
            } catch (RuntimeException failed) {
                outcomes.add(new Failed<>(failed));
            }
        }
        return outcomes;
    }

    /** The writer thread, which readiness watches (issue 29). */
    Thread writer() {
        return writer;
    }

    /** Stops taking items, stores the queued ones, and ends the writer. */
    @Override
    public void close() {
        accepting.writeLock().lock();
        try {
            running = false;
        } finally {
            accepting.writeLock().unlock();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

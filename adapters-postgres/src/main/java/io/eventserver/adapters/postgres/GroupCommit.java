package io.eventserver.adapters.postgres;

import java.util.Optional;

import io.eventserver.application.port.out.AppendResult;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Idempotency;

/**
 * Group commit: appends that arrive while a transaction is being committed wait in a queue, and the next
 * transaction stores all of them together — usually one statement and one WAL flush for up to {@link #MAX_BATCH}
 * events or {@link #MAX_BATCH_CHARS} characters of documents — instead of one transaction and one flush each
 * (adr/0015, adr/0016).
 * <p>
 * One writer thread runs the transactions one after the other. Within a batch, events of one (stream, event name)
 * get consecutive sequences in arrival order; a batch becomes visible at once at its commit, and the next batch
 * starts after it, so the ordering guarantee of adr/0007 holds: sequences are gapless and visible in order. A caller
 * is answered only after the commit that contains its event returned. When a batch fails as a whole (say, an
 * event id that exists already), its appends are retried one per transaction, so that one bad append fails alone;
 * when the database is unreachable, they all fail at once (503).
 */
final class GroupCommit implements AutoCloseable {

    static final int MAX_BATCH = 500;
    static final long MAX_BATCH_CHARS = 4L << 20;

    private final BatchWriter<AppendStatement.Append, AppendResult> writer;

    GroupCommit(HotStatements sql, StreamDirectory streams, PostgresAppendSignals signals, int maxEventNames) {
        // bounded by count and by size: a batch is sent as one statement, and a few big documents are as much
        // memory as thousands of small ones
        this.writer = new BatchWriter<>("eventserver-group-commit",
                new AppendStatement(sql, streams, signals, maxEventNames), MAX_BATCH,
                AppendStatement.Append::documentChars, MAX_BATCH_CHARS);
    }

    /** Stores the events; returns when the transaction that contains them has committed. */
    AppendResult append(EventsAppended appended, Optional<Idempotency> idempotency) {
        return writer.submit(new AppendStatement.Append(appended, idempotency));
    }

    /** The writer thread: every publish waits for it. */
    Thread writer() {
        return writer.writer();
    }

    /** Stops taking appends, finishes the queued ones, and ends the writer. */
    @Override
    public void close() {
        writer.close();
    }
}

package io.eventserver.bootstrap;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * The server's log handler (see {@code logging.properties}): a request that logs — every request writes an
 * access-log line — only puts the record in a queue; one background thread formats the records and writes them to
 * standard output in batches, one write and flush per batch (adr/0016). Logging synchronously through the JDK's
 * console handler cost about a tenth of the server's CPU under load: a {@code String.format} per line and a
 * flushed console write per record, inside the request.
 * <p>
 * Nothing is dropped: when the queue is full, the logging thread waits until there is room again. {@link #flush()}
 * and {@link #close()} wait until every record published before them is written, so the last lines of a shutdown
 * are not lost. The line format is {@code 2026-11-27T17:43:19.542 INFO logger.name: message}, followed by the stack
 * trace of a record's exception.
 */
public final class AsyncConsoleHandler extends Handler {

    private static final int CAPACITY = 65_536;
    private static final int BATCH = 1_024;
    private static final long FLUSH_WAIT_MILLIS = 5_000;

    private final BlockingQueue<LogRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Writer out;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    /** Writes to standard output; the level comes from {@code io.eventserver.bootstrap.AsyncConsoleHandler.level}. */
    public AsyncConsoleHandler() {
        this(new FileOutputStream(FileDescriptor.out));
        String level = LogManager.getLogManager().getProperty(getClass().getName() + ".level");
        if (level != null) {
            setLevel(Level.parse(level.trim()));
        }
    }

    AsyncConsoleHandler(OutputStream target) {
        this.out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 64 * 1024);
        setFormatter(new LineFormatter());
        Thread.ofPlatform().name("eventserver-log-writer").daemon(true).start(this::writeLoop);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        try {
            queue.put(record);
            published.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (up to five seconds) until every record published so far is written. */
    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_WAIT_MILLIS);
        long target = published.get();
        while (written.get() < target && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Writes what is queued. The handler keeps working: a line logged later in the shutdown is still written. */
    @Override
    public void close() {
        flush();
    }

    private void writeLoop() {
        List<LogRecord> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                return;
            } finally {
                written.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    private void write(List<LogRecord> batch) {
        try {
            for (LogRecord record : batch) {
                out.write(getFormatter().format(record));
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            reportError("cannot write log records", e, ErrorManager.WRITE_FAILURE);
        }
    }

    /**
     * {@code 2026-11-27T17:43:19.542 INFO logger.name: message} and the exception's stack trace, in local time.
     * Used by the writer thread only, so the time prefix of the current second is simply cached.
     */
    static final class LineFormatter extends Formatter {

        private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.");

        private final ZoneId zone = ZoneId.systemDefault();
        private long cachedSecond = Long.MIN_VALUE;
        private String cachedPrefix = "";

        @Override
        public synchronized String format(LogRecord record) {
            long second = record.getInstant().getEpochSecond();
            if (second != cachedSecond) {
                cachedPrefix = SECONDS.format(LocalDateTime.ofInstant(record.getInstant(), zone));
                cachedSecond = second;
            }
            int millis = record.getInstant().getNano() / 1_000_000;
            StringBuilder line = new StringBuilder(160).append(cachedPrefix);
            if (millis < 100) {
                line.append('0');
            }
            if (millis < 10) {
                line.append('0');
            }
            line.append(millis).append(' ').append(record.getLevel().getLocalizedName()).append(' ')
                    .append(record.getLoggerName()).append(": ").append(formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(System.lineSeparator()).append(trace);
            } else {
                line.append(System.lineSeparator());
            }
            return line.toString();
        }
    }
}

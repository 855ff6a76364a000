package io.eventserver.adapters.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a logger and its children write while this is open, each record as one line of text (message, parameters,
 * and the chain of its exception); for tests that read the logs. Closing restores the logger's level.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger, Level level) {
        this.logger = logger;
        this.previous = logger.getLevel();
        logger.setLevel(level);
        logger.addHandler(this);
    }

    /** @param loggerName {@code ""} for the root logger */
    public static LogCapture of(String loggerName, Level level) {
        return new LogCapture(Logger.getLogger(loggerName), level);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                text.append(' ').append(parameter);
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            text.append(' ').append(t);
        }
        lines.add(text.toString());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}

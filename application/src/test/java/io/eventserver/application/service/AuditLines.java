package io.eventserver.application.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The lines the audit log ({@code eventserver.audit}) gets while some work runs. */
final class AuditLines {

    private AuditLines() {
    }

    /** Runs {@code work} and returns the audit lines it wrote, in order. */
    static List<String> during(Runnable work) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger audit = Logger.getLogger("eventserver.audit");
        Level level = audit.getLevel();
        audit.setLevel(Level.INFO);
        audit.addHandler(capture);
        try {
            work.run();
        } finally {
            audit.removeHandler(capture);
            audit.setLevel(level);
        }
        return lines;
    }
}

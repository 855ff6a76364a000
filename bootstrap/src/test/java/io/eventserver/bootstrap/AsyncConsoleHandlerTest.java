package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class AsyncConsoleHandlerTest {

    @Test
    void everyRecordPublishedBeforeAFlushIsWrittenWholeAndInOrderPerThread() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncConsoleHandler handler = new AsyncConsoleHandler(out);
        int threads = 8;
        int perThread = 20_000; // more than the queue holds, so publishers also wait for room
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        LogRecord record = new LogRecord(Level.INFO, "t" + thread + " n" + i);
                        record.setLoggerName("eventserver.access");
                        handler.publish(record);
                    }
                });
            }
        }
        handler.flush();

        String[] lines;
        synchronized (out) {
            lines = out.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
        }
        assertEquals(threads * perThread, lines.length);
        List<Integer> next = new ArrayList<>(java.util.Collections.nCopies(threads, 0));
        for (String line : lines) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO eventserver\\.access: t\\d+ n\\d+"),
                    line);
            String[] words = line.substring(line.indexOf(": ") + 2).split(" ");
            int thread = Integer.parseInt(words[0].substring(1));
            assertEquals(next.get(thread), Integer.parseInt(words[1].substring(1)), "order within thread " + thread);
            next.set(thread, next.get(thread) + 1);
        }
        handler.close();
    }

    @Test
    void anExceptionIsWrittenWithItsStackTraceAndRecordsBelowTheLevelAreNot() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncConsoleHandler handler = new AsyncConsoleHandler(out);
        handler.setLevel(Level.INFO);
        LogRecord fine = new LogRecord(Level.FINE, "not written");
        LogRecord failure = new LogRecord(Level.SEVERE, "failed {0}");
        failure.setParameters(new Object[] {"here"});
        failure.setLoggerName("eventserver");
        failure.setThrown(new IllegalStateException("boom"));
        handler.publish(fine);
        handler.publish(failure);
        handler.close();

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(" SEVERE eventserver: failed here" + System.lineSeparator()
                + "java.lang.IllegalStateException: boom"), text);
        assertTrue(!text.contains("not written"), text);
    }
}

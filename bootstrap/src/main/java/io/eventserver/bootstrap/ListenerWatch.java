package io.eventserver.bootstrap;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Notices when Helidon's HTTP listener stops by itself (ADR 18). Helidon 4.3 ends its accept loop for good on any
 * failure of {@code accept} — "Too many open files" among them — and says so only in a log record, while the JVM
 * runs on; a supervisor that restarts on exit would never notice. The connection limits keep {@code accept} within
 * the open-file limit, so this is the last line of defence: the server turns not-ready and {@code onStop} runs
 * (in {@link Main}: exit with status 70 so that the supervisor restarts the process).
 */
final class ListenerWatch extends Handler {

    /** Helidon's logger of the accept loop, and the words of its last record. */
    static final String LOGGER = "io.helidon.webserver.ServerListener";
    private static final String TERMINATING = "server socket is terminating";

    /** Held: java.util.logging keeps loggers only weakly, and a collected logger would lose this handler. */
    private final Logger logger = Logger.getLogger(LOGGER);
    private final Runnable onStop;
    private volatile boolean stopped;

    private ListenerWatch(Runnable onStop) {
        this.onStop = onStop;
        setLevel(Level.SEVERE);
    }

    /** Watches Helidon's listener log until {@link #close}. */
    static ListenerWatch install(Runnable onStop) {
        ListenerWatch watch = new ListenerWatch(onStop);
        watch.logger.addHandler(watch);
        return watch;
    }

    @Override
    public void publish(LogRecord record) {
        if (stopped || record.getLevel().intValue() < Level.SEVERE.intValue() || record.getMessage() == null
                || !record.getMessage().contains(TERMINATING)) {
            return;
        }
        stopped = true;
        // not on Helidon's listener thread: stopping the server waits for that thread to end
        Thread.ofPlatform().name("eventserver-listener-stopped").start(onStop);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

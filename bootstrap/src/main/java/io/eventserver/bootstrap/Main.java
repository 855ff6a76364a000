package io.eventserver.bootstrap;

import java.util.Optional;

import io.helidon.logging.common.LogConfig;
import sun.misc.Signal;

/**
 * Starts eventserver; exits with status 1 and a one-line reason when it cannot, and with status
 * {@value #LISTENER_STOPPED} when its HTTP listener stops accepting connections, so that a supervisor restarts it.
 */
public final class Main {

    /** Exit status when the HTTP listener died (EX_SOFTWARE). */
    static final int LISTENER_STOPPED = 70;

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        EventServer server;
        try {
            server = EventServer.start(Settings.load(
                    Optional.ofNullable(System.getenv(Settings.CONFIG_FILE_VARIABLE)).filter(f -> !f.isBlank())),
                    () -> {
                        System.err.println("eventserver: the HTTP listener stopped; exiting with status "
                                + LISTENER_STOPPED + " so that a supervisor restarts the server");
                        System.exit(LISTENER_STOPPED);
                    });
        } catch (RuntimeException e) {
            System.err.println("eventserver failed to start: " + describe(e));
            System.exit(1);
            return;
        }
        // SIGTERM: stop accepting, let running requests finish (server.shutdown-grace-period), close the pool,
        // exit 0. Without this handler the JVM would run the hooks and exit with 143.
        // The stop runs on a non-daemon thread: signal handlers run on daemon threads, and the JVM would end as soon
        // as the web server's own threads are gone, before the running requests and the pool are done.
        Signal.handle(new Signal("TERM"), signal -> {
            Thread stop = new Thread(() -> {
                server.close();
                System.exit(0);
            }, "eventserver-sigterm");
            stop.setDaemon(false);
            stop.start();
        });
        // Ctrl-C and System.exit: the same orderly close
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "eventserver-shutdown"));
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }
}

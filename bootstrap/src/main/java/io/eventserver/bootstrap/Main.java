package io.eventserver.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.eventserver.application.service.PasswordHashes;
import io.helidon.logging.common.LogConfig;
import sun.misc.Signal;

/**
 * Without arguments, starts eventserver; exits with status 1 and a one-line reason when it cannot, and with status
 * {@value #LISTENER_STOPPED} when its HTTP listener stops accepting connections, so that a supervisor restarts it.
 * With {@code hash-password}, prints the hash of a password for the configuration (see {@link #command}).
 */
public final class Main {

    /** Exit status when the HTTP listener died (EX_SOFTWARE). */
    static final int LISTENER_STOPPED = 70;

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(command(args, System.in, System.out, System.err));
            return;
        }
        LogConfig.configureRuntime();
        EventServer server;
        try {
            server = EventServer.start(Configuration.load(
                    Optional.ofNullable(System.getenv(Configuration.CONFIG_FILE_VARIABLE)).filter(f -> !f.isBlank())),
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

    /**
     * {@code hash-password}: reads a password from standard input (its first line) and prints its
     * {@code $pbkdf2-sha256$…} hash for {@code password-hash:} in the configuration.
     *
     * @return the exit status
     */
    static int command(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length != 1 || !args[0].equals("hash-password")) {
            err.println("usage: eventserver [hash-password]   (no argument: start the server)");
            return 2;
        }
        String password;
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? "" : line;
        } catch (IOException e) {
            err.println("eventserver hash-password: cannot read standard input: " + e.getMessage());
            return 1;
        }
        if (password.codePointCount(0, password.length()) < PasswordHashes.MIN_PASSWORD_LENGTH) {
            err.println("eventserver hash-password: the password (first line of standard input) must be at least "
                    + PasswordHashes.MIN_PASSWORD_LENGTH + " characters");
            return 1;
        }
        out.println(new PasswordHashes().hash(password.toCharArray()));
        return 0;
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

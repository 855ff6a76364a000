package io.eventserver.bootstrap;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The built server jar ({@code bootstrap/target/eventserver.jar}) running in its own process, started by
 * {@code bin/eventserver} as the README starts it (its JVM settings and AOT cache; the launcher execs the JVM, so
 * signals go straight to it), for the tests that kill it, stop it or take its database away. Output goes to a log
 * file under {@code target/}.
 */
final class ServerProcess implements AutoCloseable {

    /** Servers still running: stopped by a shutdown hook should the test JVM end before a test closes them. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "stop-test-servers"));
    }

    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    private int openFileLimit;
    private Path launcher = Path.of(System.getProperty("eventserver.launcher", "../bin/eventserver"));
    private Path workingDirectory;
    private long startOffset;
    private Process process;

    ServerProcess(String name, Map<String, String> environment) {
        this.port = freePort();
        this.environment = new HashMap<>(environment);
        this.environment.put("SERVER_PORT", Integer.toString(port));
        this.environment.put("SERVER_HOST", "127.0.0.1");
        this.log = Path.of("target", "it-logs", name + ".log").toAbsolutePath();
    }

    /** Starts another launcher (an installed distribution's {@code bin/eventserver}) from {@code directory}. */
    ServerProcess withLauncher(Path launcher, Path directory) {
        this.launcher = launcher;
        this.workingDirectory = directory;
        return this;
    }

    /** Starts the server with this open-file limit ({@code ulimit -n}) instead of the test's own. */
    ServerProcess withOpenFileLimit(int limit) {
        this.openFileLimit = limit;
        return this;
    }

    /** Starts the jar and waits until it logged that it listens (or died). */
    ServerProcess start() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(openFileLimit > 0
                    ? List.of("bash", "-c", "ulimit -n " + openFileLimit + " && exec \"$0\"", launcher.toString())
                    : List.of(launcher.toString()));
            builder.environment().remove(Configuration.CONFIG_FILE_VARIABLE);
            builder.environment().remove("EVENTSERVER_HEAP");
            builder.environment().remove("EVENTSERVER_JAVA_OPTS");
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(environment);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            long logged = Files.exists(log) ? Files.size(log) : 0;
            startOffset = logged;
            process = builder.start();
            RUNNING.add(process);
            // a JVM starting on a loaded machine: generous, only a hang runs into it
            long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < giveUpAt) {
                String output = newOutput(logged);
                if (output.contains("eventserver listening on")) {
                    return this;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + output);
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the server did not start within 120 s; see " + log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String newOutput(long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM without waiting. */
    void signalTerminate() {
        process.destroy();
    }

    /** SIGTERM (again, if already sent), then waits for the exit; returns the exit status. */
    int terminate(int timeoutSeconds) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not exit within " + timeoutSeconds + " s after SIGTERM");
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** What this run of the server wrote (the log file keeps earlier runs too). */
    String outputOfThisRun() throws IOException {
        return newOutput(startOffset);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                // gone before the test's temporary folders are removed
                process.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RUNNING.remove(process);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.eventserver.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.eventserver.adapters.postgres.TestDatabases;

/**
 * The real server, started by {@code bin/eventserver} as the README starts it, on a fresh database and a port of its
 * own that it keeps across restarts; {@link #kill} SIGKILLs it.
 */
final class TestServer implements AutoCloseable {

    /** Servers still running: stopped by a shutdown hook should the test JVM end before a test closes them. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "stop-test-servers"));
    }

    private final String databaseUrl = TestDatabases.create().url();
    private final int port = freePort();
    private final Path log;
    private Process process;

    TestServer(String name) {
        this.log = Path.of("target", name + ".log").toAbsolutePath();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    TestServer start() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of(Path.of("..", "..", "bin", "eventserver").toString()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("DB_URL", databaseUrl);
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            builder.environment().put("SERVER_HOST", "127.0.0.1");
            builder.environment().put("SERVER_SHUTDOWN_DASH_DRAIN_DASH_PERIOD", "PT0S");
            builder.environment().remove("EVENTSERVER_CONFIG");
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
            RUNNING.add(process);
            awaitReady();
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("the server did not start; see " + log, e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited; see " + log);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(url().resolve("/observe/health/ready"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the server was not ready within 120 s; see " + log);
    }

    /** SIGKILL: no shutdown, no draining. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
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

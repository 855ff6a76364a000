package io.eventserver.adapters.postgres.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @TempDir
    Path temp;

    @Test
    void theEmbeddedPostgresIsDurable() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(temp.resolve("data"))) {
            assertEquals("on", setting(database, "fsync"));
            assertEquals("on", setting(database, "synchronous_commit"));
        }
    }

    /** Not an open door (ADR 30): only the generated password gets in, and only the server's user can read it. */
    @Test
    void onlyTheGeneratedPasswordGetsIn() throws Exception {
        Path data = temp.resolve("locked");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data)) {
            for (String password : List.of("postgres", "trust", database.password() + "x")) {
                SQLException refused = assertThrows(SQLException.class,
                        () -> DriverManager.getConnection(database.url(), "postgres", password).close());
                assertEquals("28P01", refused.getSQLState(), "password authentication failed: " + refused);
            }
            assertThrows(SQLException.class, () -> DriverManager.getConnection(database.url()).close(),
                    "no password at all");
            assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    database.url().replace("localhost", "127.0.0.1"), "postgres", "wrong").close(), "over IPv4");
            assertEquals("on", setting(database, "fsync"), "the generated password works");
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(data.resolve(EmbeddedDatabase.PASSWORD_FILE)));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE), Files.getPosixFilePermissions(data));
        }
        try (EmbeddedDatabase restarted = EmbeddedDatabase.start(data)) {
            assertEquals("on", setting(restarted, "fsync"), "a restart keeps the password");
            assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(restarted.url(), "postgres", "").close());
        }
    }

    /** A server killed with SIGKILL leaves its PostgreSQL running; the next start stops it and starts cleanly. */
    @Test
    void aPostgresOrphanedByAKilledProcessIsStoppedOnTheNextStart() throws Exception {
        Path data = temp.resolve("orphaned");
        Process owner = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                StartAndWait.class.getName(), data.toString()))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("started"));
            assertEquals("started", line, "the child process did not start PostgreSQL");
        }
        owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        try (EmbeddedDatabase restarted = EmbeddedDatabase.start(data)) {
            assertEquals("on", setting(restarted, "fsync"));
        }
        assertTrue(!owner.isAlive());
    }

    private static String setting(EmbeddedDatabase database, String name) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), "postgres", database.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("show " + name)) {
            result.next();
            return result.getString(1);
        }
    }

    /** Child process: starts an embedded PostgreSQL, says so, and waits to be killed. */
    public static final class StartAndWait {
        public static void main(String[] args) throws Exception {
            EmbeddedDatabase.start(Path.of(args[0]));
            System.out.println("started");
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(5));
        }
    }
}

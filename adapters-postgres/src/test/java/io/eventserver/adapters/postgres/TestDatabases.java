package io.eventserver.adapters.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.eventserver.adapters.postgres.embedded.EmbeddedDatabase;

/**
 * Fresh, empty PostgreSQL databases for tests: on the PostgreSQL server at 127.0.0.1:5432 (user postgres, no
 * password) when one answers there, otherwise on an embedded PostgreSQL started once per test JVM. Either way a
 * real PostgreSQL; each call creates a new database, dropped when the JVM exits.
 * <p>
 * {@code EVENTSERVER_TEST_PG} (a JDBC URL of a server's maintenance database, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}) chooses another server.
 */
public final class TestDatabases {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final List<String> CREATED = new ArrayList<>();
    /** A connection wait a loaded machine cannot run into: the tests of the time-out itself set their own. */
    static final PoolSettings POOL = new PoolSettings(8, Duration.ofSeconds(30), Duration.ofSeconds(30));
    private static String serverUrl;
    private static EmbeddedDatabase embedded;

    private TestDatabases() {
    }

    /** A new, empty database. */
    public static synchronized DatabaseSettings create() {
        String server = server();
        String name = "eventserver_test_" + UUID.randomUUID().toString().replace("-", "");
        execute(server, "create database " + name + " encoding 'UTF8' template template0");
        CREATED.add(name);
        return new DatabaseSettings(withDatabase(server, name), null, null, POOL);
    }

    private static String server() {
        if (serverUrl != null) {
            return serverUrl;
        }
        String configured = System.getenv("EVENTSERVER_TEST_PG");
        String candidate = configured != null && !configured.isBlank() ? configured : LOCAL;
        if (answers(candidate)) {
            serverUrl = candidate;
        } else {
            Path directory;
            try {
                directory = Files.createTempDirectory("eventserver-test-pg");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                embedded = EmbeddedDatabase.start(directory);
            } catch (RuntimeException e) {
                deleteQuietly(directory);
                throw e;
            }
            serverUrl = embedded.url() + "?user=postgres&password=" + embedded.password();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "drop-test-databases"));
        return serverUrl;
    }

    /**
     * Statements of the database at {@code url} that wait for a lock now: how a test knows that requests it holds
     * with a lock of its own have got that far inside the server.
     */
    public static int lockWaits(String url) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             java.sql.ResultSet waiting = statement.executeQuery("select count(*) from pg_stat_activity"
                     + " where datname = current_database() and wait_event_type = 'Lock'")) {
            waiting.next();
            return waiting.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot ask for lock waits", e);
        }
    }

    private static boolean answers(String url) {
        // refused at once when nothing listens; a busy server gets time to answer before an embedded one is started
        DriverManager.setLoginTimeout(30);
        try (Connection connection = DriverManager.getConnection(url)) {
            return connection.isValid(30);
        } catch (SQLException e) {
            return false;
        }
    }

    private static String withDatabase(String serverUrl, String database) {
        int query = serverUrl.indexOf('?');
        String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String parameters = query < 0 ? "" : serverUrl.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + parameters;
    }

    private static synchronized void dropAll() {
        for (String name : CREATED) {
            try {
                execute(serverUrl, "drop database if exists " + name + " with (force)");
            } catch (RuntimeException ignored) {
                // best effort: the server may already be gone
            }
        }
        if (embedded != null) {
            embedded.close();
            deleteQuietly(embedded.dataDirectory());
        }
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database set-up failed: " + sql, e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans it eventually
        }
    }
}

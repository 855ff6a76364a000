package io.eventserver.adapters.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A new, empty PostgreSQL database for the Kafka engine's metadata: on {@code EVENTSERVER_TEST_PG} or the local
 * server at 127.0.0.1:5432 when one answers, else on an embedded PostgreSQL started for this JVM.
 */
public final class MetadataDatabase {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static String server;

    private MetadataDatabase() {
    }

    public static synchronized HikariDataSource create() {
        String name = "eventserver_kafka_test_" + UUID.randomUUID().toString().replace("-", "");
        String url = server();
        execute(url, "create database " + name + " encoding 'UTF8' template template0");
        int query = url.indexOf('?');
        String base = url.substring(0, query);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(base.substring(0, base.lastIndexOf('/') + 1) + name + url.substring(query));
        config.setMaximumPoolSize(8);
        return new HikariDataSource(config);
    }

    private static String server() {
        if (server != null) {
            return server;
        }
        String configured = System.getenv("EVENTSERVER_TEST_PG");
        String candidate = configured != null && !configured.isBlank() ? configured : LOCAL;
        // refused at once when nothing listens; a busy server gets time to answer before an embedded one is started
        DriverManager.setLoginTimeout(30);
        try (Connection connection = DriverManager.getConnection(candidate)) {
            connection.isValid(30);
            server = candidate;
        } catch (SQLException unreachable) {
            try {
                EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (IOException ignored) {
                        // the JVM is ending
                    }
                }));
                server = embedded.getJdbcUrl("postgres", "postgres").replaceFirst("\\?.*$", "") + "?user=postgres";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database set-up failed: " + sql, e);
        }
    }
}

package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the server starts: embedded or external database, configuration files, and failing clearly. */
class StartupTest {

    @TempDir
    Path temp;

    @Test
    void withoutADatabaseUrlItRunsOnAnEmbeddedPostgresThatKeepsItsDataAcrossRestarts() {
        Map<String, String> embedded = Map.of("db.embedded.data-dir", temp.resolve("data").toString());
        String stream = EndToEndTest.uniqueStream();
        try (EventServer server = TestServers.start(embedded)) {
            HttpTestClient http = new HttpTestClient(server.port()).as("alice", "alice-pw");
            assertEquals(200, http.publish(stream, "shop", event("OrderPlaced", "{\"kept\":true}")).statusCode());
        }
        try (EventServer restarted = TestServers.start(embedded)) {
            HttpTestClient http = new HttpTestClient(restarted.port()).as("alice", "alice-pw");
            String body = http.consume(stream, "billing", "OrderPlaced", 10).body();
            assertTrue(body.contains("\"kept\":true"), body);
        }
    }

    @Test
    void anUnreachableDatabaseFailsTheStartWithAClearMessage() {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> TestServers.start(Map.of(
                "db.url", "jdbc:postgresql://127.0.0.1:1/eventserver", "db.connection-timeout", "PT1S")));

        assertTrue(failure.getMessage().startsWith("cannot connect to the database at jdbc:postgresql://127.0.0.1:1/"),
                failure.getMessage());
    }

    @Test
    void anUnknownStorageKindFailsTheStartBeforeAnythingIsOpened() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> TestServers.start(Map.of(
                "storage.kind", "cassandra", "db.url", "jdbc:postgresql://127.0.0.1:1/nowhere")));
        assertEquals("storage.kind must be one of postgres, kafka, not cassandra", failure.getMessage());
    }

    @Test
    void theKafkaEngineNeedsItsBrokersAndKeepsTheProducerSettingsItsGuaranteesRestOn() {
        IllegalArgumentException noBrokers = assertThrows(IllegalArgumentException.class, () -> TestServers.start(
                Map.of("storage.kind", "kafka", "db.url", "jdbc:postgresql://127.0.0.1:1/nowhere")));
        assertEquals("storage.kind kafka needs kafka.bootstrap-servers (host:port of the brokers)",
                noBrokers.getMessage());

        IllegalArgumentException fixed = assertThrows(IllegalArgumentException.class, () -> TestServers.start(
                Map.of("storage.kind", "kafka", "kafka.bootstrap-servers", "127.0.0.1:1", "kafka.producer.acks", "1",
                        "db.url", TestDatabases.create().url())));
        assertEquals("kafka.producer.acks is fixed by the engine (ADR 38)", fixed.getMessage());

        IllegalArgumentException replicas = assertThrows(IllegalArgumentException.class, () -> TestServers.settings(
                Map.of("kafka.bootstrap-servers", "b:9092", "kafka.replication-factor", "1",
                        "kafka.min-insync-replicas", "2")).kafka());
        assertEquals("kafka.min-insync-replicas must be between 1 and the replication factor", replicas.getMessage());
    }

    @Test
    void kafkaProducerPropertiesAreKnownAndOtherKafkaKeysAreChecked() {
        Configuration settings = TestServers.settings(Map.of("kafka.bootstrap-servers", "b:9092",
                "kafka.producer.linger.ms", "5", "kafka.producer.compression.type", "lz4", "kafka.replication-factr", "3",
                "kafka.client.security.protocol", "SSL"));

        assertEquals(List.of("kafka.replication-factr"), settings.unknownKeys());
        assertEquals(Map.of("linger.ms", "5", "compression.type", "lz4"), settings.kafka().producer());
        assertEquals(Map.of("security.protocol", "SSL"), settings.kafka().client());
    }

    @Test
    void misspelledSettingsUnderOurSectionsAreNamed() {
        Configuration settings = TestServers.settings(Map.of("api.max-limitt", "5", "db.pool-sise", "3",
                "api.max-limit", "5"));

        assertEquals(List.of("api.max-limitt", "db.pool-sise"), settings.unknownKeys());
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKeyAndWhatItMustBe() {
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> TestServers.settings(Map.of("api.max-limit", "lots")).maxLimit());
        assertEquals("api.max-limit must be an integer, not \"lots\"", notANumber.getMessage());

        IllegalArgumentException notADuration = assertThrows(IllegalArgumentException.class,
                () -> TestServers.settings(Map.of("server.request-header-timeout", "10s")).edge());
        assertEquals("server.request-header-timeout must be an ISO-8601 duration such as PT10S, not \"10s\"",
                notADuration.getMessage());
    }

    @Test
    void mainExitsWithStatus1AndSaysWhyWhenTheDatabaseIsUnreachable() throws Exception {
        Process process = main(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:1/eventserver",
                "DB_CONNECTION_DASH_TIMEOUT", "PT1S"));

        assertEquals(1, process.exitValue());
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("eventserver failed to start: cannot connect to the database"), stderr);
    }

    @Test
    void formerSpellingsInTheEnvironmentStillWorkAndTheLogNamesTheKeyToWrite() throws Exception {
        Process process = main(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:1/eventserver",
                "DB_CONNECTION_DASH_TIMEOUT_DASH_MS", "1000", "HEALTH_REFRESH_DASH_MS", "500"));

        assertEquals(1, process.exitValue());
        String stdout = Files.readString(temp.resolve("stdout.txt"));
        assertTrue(stdout.contains("db.connection-timeout-ms is the former spelling of db.connection-timeout; write"
                + " db.connection-timeout: PT1S"), stdout);
        assertTrue(stdout.contains("health.refresh-ms is the former spelling of health.refresh-interval; write"
                + " health.refresh-interval: PT0.5S"), stdout);
        assertTrue(!stdout.contains("unknown setting"), stdout);
    }

    @Test
    void mainExitsWithStatus1OnAnInvalidConfiguration() throws Exception {
        Process process = main(Map.of("SERVER_PORT", "not-a-port"));

        assertEquals(1, process.exitValue());
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("eventserver failed to start"), stderr);
    }

    @Test
    void aSecuritySectionInTheConfigFileReplacesTheDemoUsers() throws Exception {
        Path file = temp.resolve("eventserver.yaml");
        Files.writeString(file, """
                server:
                  port: 0
                  host: "127.0.0.1"
                db:
                  url: "%s"
                security:
                  providers:
                    - http-basic-auth:
                        realm: "eventserver"
                        users:
                          - login: "carol"
                            password: "carol-pw"
                """.formatted(TestDatabases.create().url()));

        try (EventServer server = EventServer.start(Configuration.load(Optional.of(file.toString())))) {
            HttpTestClient http = new HttpTestClient(server.port());
            String stream = EndToEndTest.uniqueStream();
            assertEquals(401, http.as("alice", "alice-pw").publish(stream, "p", event("A", "{}")).statusCode());
            assertEquals(200, http.as("carol", "carol-pw").publish(stream, "p", event("A", "{}")).statusCode());
        }
    }

    @Test
    void outsideACheckoutTheDemoUsersNeverListenBeyondLoopback() throws Exception {
        Configuration demo = TestServers.settings(Map.of());
        Path installation = Files.createDirectories(temp.resolve("opt").resolve("eventserver"));
        Path checkout = Files.createDirectories(temp.resolve("checkout"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");

        String reason = DemoUsers.refusal(demo, "0.0.0.0", installation, Optional.empty()).orElseThrow();
        assertTrue(reason.contains("write " + installation.resolve("config/eventserver.yaml")), reason);
        assertTrue(reason.contains(installation.resolve("bin/eventserver") + " hash-password"), reason);
        assertTrue(reason.contains("SERVER_HOST=127.0.0.1"), reason);
        assertTrue(DemoUsers.refusal(demo, "10.0.0.7", installation, Optional.of("/etc/eventserver.yaml"))
                .orElseThrow().contains("write /etc/eventserver.yaml"), "the file EVENTSERVER_CONFIG names");

        assertEquals(Optional.empty(), DemoUsers.refusal(demo, "127.0.0.1", installation, Optional.empty()),
                "on loopback they may serve this machine");
        assertEquals(Optional.empty(), DemoUsers.refusal(demo, "0.0.0.0", checkout, Optional.empty()),
                "a checkout keeps the README's curl examples working");
        Configuration own = TestServers.settings("""
                security:
                  providers:
                    - http-basic-auth:
                        users:
                          - login: "carol"
                            password: "carol-pw"
                """, Map.of());
        assertEquals(Optional.empty(), DemoUsers.refusal(own, "0.0.0.0", installation, Optional.empty()),
                "users of one's own");
    }

    @Test
    void aMissingConfigFileIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> Configuration.load(Optional.of(temp.resolve("missing.yaml").toString())));
    }

    /** Runs Main in a child JVM with the test class path and the given environment; waits for it to end. */
    private Process main(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        builder.environment().remove(Configuration.CONFIG_FILE_VARIABLE);
        // outside a checkout (the working directory below) the demo users may only listen on loopback
        builder.environment().put("SERVER_HOST", "127.0.0.1");
        builder.environment().putAll(environment);
        builder.directory(temp.toFile());
        builder.redirectOutput(temp.resolve("stdout.txt").toFile());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Main did not exit");
        }
        return process;
    }
}

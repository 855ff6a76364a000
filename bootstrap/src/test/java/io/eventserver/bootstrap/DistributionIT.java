package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution (issue 12): {@code eventserver-<version>.tar.gz}, as built by {@code ./mvnw package}, unpacked
 * anywhere, runs from any working directory with its own {@code bin/eventserver}, {@code lib/} and
 * {@code config/}, and stops on SIGTERM.
 */
class DistributionIT {

    @TempDir
    Path temp;

    @Test
    void theUnpackedDistributionRunsFromAnyDirectory() throws Exception {
        Path tarball;
        try (Stream<Path> built = Files.list(Path.of("target"))) {
            tarball = built.filter(file -> file.getFileName().toString().matches("eventserver-.+\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new AssertionError("no eventserver-*.tar.gz in target/"));
        }
        Process untar = new ProcessBuilder(List.of("tar", "xzf", tarball.toAbsolutePath().toString(), "-C",
                temp.toString())).inheritIO().start();
        assertTrue(untar.waitFor(60, TimeUnit.SECONDS) && untar.exitValue() == 0, "tar failed");
        Path installed;
        try (Stream<Path> unpacked = Files.list(temp)) {
            installed = unpacked.findFirst().orElseThrow();
        }
        for (String part : List.of("bin/eventserver", "lib/eventserver.jar", "config/eventserver.example.yaml",
                "deploy/eventserver.service", "README.md", "LICENSE")) {
            assertTrue(Files.exists(installed.resolve(part)), part);
        }
        assertTrue(Files.isExecutable(installed.resolve("bin/eventserver")));
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));

        try (ServerProcess server = new ServerProcess("distribution", Map.of("DB_URL", TestDatabases.create().url(),
                "SERVER_SHUTDOWN_DASH_DRAIN_DASH_PERIOD", "PT0S"))
                .withLauncher(installed.resolve("bin/eventserver"), elsewhere).start()) {
            HttpTestClient http = new HttpTestClient(server.port()).as("alice", "alice-pw");
            assertEquals(200, http.publish("installed", "shop", event("Installed", "{}")).statusCode());
            assertEquals(0, server.terminate(30));
        }
    }
}

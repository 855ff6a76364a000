package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
 * {@code config/}, and stops on SIGTERM; without a configuration of its own it does not serve the demo users to the
 * network (issue 23); its systemd unit is hardened.
 */
class DistributionIT {

    @TempDir
    Path temp;

    /** The archive {@code ./mvnw package} built, unpacked into {@code temp}; its top folder. */
    private Path unpacked() throws Exception {
        Path tarball;
        try (Stream<Path> built = Files.list(Path.of("target"))) {
            tarball = built.filter(file -> file.getFileName().toString().matches("eventserver-.+\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new AssertionError("no eventserver-*.tar.gz in target/"));
        }
        Path into = Files.createDirectories(temp.resolve("opt"));
        Process untar = new ProcessBuilder(List.of("tar", "xzf", tarball.toAbsolutePath().toString(), "-C",
                into.toString())).inheritIO().start();
        assertTrue(untar.waitFor(120, TimeUnit.SECONDS) && untar.exitValue() == 0, "tar failed");
        try (Stream<Path> unpacked = Files.list(into)) {
            return unpacked.findFirst().orElseThrow();
        }
    }

    @Test
    void theUnpackedDistributionRunsFromAnyDirectory() throws Exception {
        Path installed = unpacked();
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
            assertEquals(0, server.terminate(60));
        }
    }

    /**
     * Installed, without {@code config/eventserver.yaml}, the server would serve the README's demo users (admin
     * included) to the network: it refuses to start, says which file to write and how to hash a password (ADR 46).
     * On loopback ({@link #theUnpackedDistributionRunsFromAnyDirectory}) they may still be tried.
     */
    @Test
    void installedWithoutAConfigurationTheDemoUsersAreRefusedBeyondLoopback() throws Exception {
        Path installed = unpacked();
        assertFalse(Files.exists(installed.resolve("config/eventserver.yaml")));
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Path log = temp.resolve("refused.log");
        ProcessBuilder start = new ProcessBuilder(installed.resolve("bin/eventserver").toString())
                .directory(elsewhere.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        start.environment().keySet().removeIf(name -> name.startsWith("EVENTSERVER_") || name.startsWith("SERVER_")
                || name.startsWith("DB_"));
        start.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // should the refusal ever go, the server must not take a real port or an embedded database with it
        start.environment().put("SERVER_PORT", "0");
        start.environment().put("DB_URL", TestDatabases.create().url());
        Process process = start.start();
        try {
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            String output = Files.readString(log);
            assertTrue(exited, "still running:\n" + output);
            assertEquals(1, process.exitValue(), output);
            assertTrue(output.contains("eventserver failed to start: the built-in demo users"), output);
            assertTrue(output.contains("write " + installed.resolve("config/eventserver.yaml")), output);
            assertTrue(output.contains(installed.resolve("bin/eventserver") + " hash-password"), output);
            assertFalse(output.contains("listening on"), output);
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * The shipped systemd unit: no JDK path of this machine, the user the README's install steps create, the usual
     * hardening, and no restart loop on a configuration error (status 1) while crashes still restart; and
     * {@code systemd-analyze verify} accepts it where systemd is installed.
     */
    @Test
    void theSystemdUnitIsHardenedAndDoesNotLoopOnAConfigurationError() throws Exception {
        Path installed = unpacked();
        String unit = Files.readString(installed.resolve("deploy/eventserver.service"));
        assertFalse(unit.contains("/usr/lib/jvm"), "no hard-coded JDK");
        for (String line : List.of("User=eventserver", "Restart=on-failure", "RestartPreventExitStatus=1",
                "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/eventserver", "PrivateTmp=yes",
                "ProtectHome=yes", "StateDirectory=eventserver", "StartLimitBurst=5")) {
            assertTrue(unit.lines().anyMatch(line::equals), line + " in\n" + unit);
        }
        String readme = Files.readString(installed.resolve("README.md"));
        assertTrue(readme.contains("useradd --system") && readme.contains(" eventserver"),
                "the README's install steps create the unit's user");

        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (Files.isExecutable(analyze)) {
            Path copy = Files.createDirectories(temp.resolve("unit")).resolve("eventserver.service");
            Files.writeString(copy, unit.replace("/opt/eventserver", installed.toString()));
            Process verify = new ProcessBuilder(analyze.toString(), "verify", copy.toString())
                    .redirectErrorStream(true).start();
            String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(verify.waitFor(120, TimeUnit.SECONDS), output);
            assertEquals(0, verify.exitValue(), output);
            assertEquals("", output.strip(), "systemd-analyze verify has nothing to say");
        }
    }
}

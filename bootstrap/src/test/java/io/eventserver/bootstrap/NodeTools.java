package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the tests that drive node packages of this checkout share ({@code browser-tests/}, {@code openapi-tests/}):
 * where the checkout is, whether a command is installed, and "skip when something is missing, unless required".
 */
final class NodeTools {

    /** The checkout: bin/eventserver's directory's parent (failsafe passes the launcher's path). */
    static final Path CHECKOUT = Path.of(System.getProperty("eventserver.launcher", "../bin/eventserver"))
            .toAbsolutePath().normalize().getParent().getParent();

    private NodeTools() {
    }

    static boolean onPath(String command) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /**
     * Skips the test when {@code missing} names something, unless the environment variable {@code variable} is
     * {@code required} (as {@code .ci/run} sets it): then it fails.
     */
    static void requireOrSkip(String variable, String missing, String what) {
        if ("required".equals(System.getenv(variable))) {
            assertEquals("", missing, what + " are required here (" + variable + "=required)");
        }
        assumeTrue(missing.isEmpty(), what + " skipped: " + missing);
    }
}

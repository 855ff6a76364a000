package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real browser (issue 14): starts the server on a free port and runs
 * {@code browser-tests/console.test.mjs} — Debian's chromium driven by playwright-core — against it. Its
 * screenshots go to {@code bootstrap/target/console-screenshots/}. It needs {@code node}, {@code /usr/bin/chromium}
 * and {@code npm ci} in {@code browser-tests/} ({@code .ci/run} does all three); without them it is skipped, unless
 * {@code EVENTSERVER_BROWSER_TESTS=required} (set by {@code .ci/run}), where it fails instead.
 */
class ConsoleBrowserIT {

    private static final Path TESTS = NodeTools.CHECKOUT.resolve("browser-tests");
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    @Test
    void theConsoleWorksInARealBrowser() throws Exception {
        NodeTools.requireOrSkip("EVENTSERVER_BROWSER_TESTS", missing(), "the browser tests");

        Path screenshots = Path.of("target", "console-screenshots").toAbsolutePath();
        // retention is checked every second, so that a change made in the console shows within the test's waits
        try (EventServer server = TestServers.start(Map.of("db.url", TestDatabases.create().url(),
                "retention.check-interval", "PT1S"))) {
            ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-concurrency=1", "console.test.mjs")
                    .directory(TESTS.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT);
            node.environment().put("EVENTSERVER_URL", "http://127.0.0.1:" + server.port());
            node.environment().put("SCREENSHOT_DIR", screenshots.toString());
            node.environment().put("CHROMIUM", CHROMIUM);
            Process process = node.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the browser tests did not finish within 10 minutes");
            }
            assertEquals(0, process.exitValue(), "browser tests failed (their report is above)");
        }
    }

    /** What the browser tests need and this machine lacks; empty when nothing. */
    private static String missing() {
        StringBuilder missing = new StringBuilder();
        if (!NodeTools.onPath("node")) {
            missing.append("node is not installed; ");
        }
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            missing.append(CHROMIUM).append(" is missing (apt-get install -y chromium); ");
        }
        if (!Files.isDirectory(TESTS.resolve("node_modules/playwright-core"))) {
            missing.append("playwright-core is not installed (cd browser-tests && npm ci); ");
        }
        return missing.toString();
    }
}

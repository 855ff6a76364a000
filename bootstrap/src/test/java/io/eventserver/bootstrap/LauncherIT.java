package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * What {@code bin/eventserver} promises of the JVM it starts (issue 29, point 1): the first
 * {@code OutOfMemoryError} ends the process with status 3 — after one, any thread may have died half-way and the
 * JDBC driver may be out of step, so the only safe thing is a restart by the supervisor — also when
 * {@code EVENTSERVER_HEAP} replaces the heap settings. The launcher's own command, {@code hash-password}, reads its
 * first line of standard input whole, so an endless line on a small heap runs it out of memory.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("eventserver.launcher", "../bin/eventserver"));

    @Test
    void theJvmExitsOnTheFirstOutOfMemoryError() throws Exception {
        Path output = Files.createTempFile("launcher-oom", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(LAUNCHER.toString(), "hash-password"));
            builder.environment().remove(Configuration.CONFIG_FILE_VARIABLE);
            builder.environment().remove("EVENTSERVER_JAVA_OPTS");
            builder.environment().put("EVENTSERVER_HEAP", "-Xmx16m -XX:+UseSerialGC");
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.redirectErrorStream(true);
            builder.redirectOutput(output.toFile());
            Process process = builder.start();
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'a');
            try (OutputStream in = process.getOutputStream()) {
                for (int mebibytes = 0; mebibytes < 256 && process.isAlive(); mebibytes++) {
                    in.write(chunk);
                }
            } catch (IOException exited) {
                // the process ended while the line was still being sent
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher did not exit within 60 s");
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(3, process.exitValue(), log);
            assertTrue(log.contains("Terminating due to java.lang.OutOfMemoryError"), log);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}

package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Clients generated from the OpenAPI document a real server serves at {@code /openapi} build (issue 23, ADR 49):
 * {@code openapi-tests/generate.mjs} runs openapi-generator (the npm wrapper, which fetches the generator's jar from
 * Maven Central) for Java, Python and typescript-fetch with their defaults, checks one API per tag, compiles the
 * TypeScript with {@code tsc --strict} and the Python with {@code compileall}; this test then compiles the Java
 * client against the libraries its generated pom names ({@code target/openapi-client-libs}, copied by Maven).
 * It needs {@code node}, {@code python3} and {@code npm ci} in {@code openapi-tests/} ({@code .ci/run} does all
 * three); without them it is skipped, unless {@code EVENTSERVER_OPENAPI_TESTS=required} (set by {@code .ci/run}),
 * where it fails instead.
 */
class OpenApiClientsIT {

    private static final Path TESTS = NodeTools.CHECKOUT.resolve("openapi-tests");
    private static final Path LIBS = Path.of("target", "openapi-client-libs").toAbsolutePath();

    @Test
    void clientsGeneratedFromTheServedDocumentBuild() throws Exception {
        NodeTools.requireOrSkip("EVENTSERVER_OPENAPI_TESTS", missing(), "the generated-client tests");

        Path out = Path.of("target", "openapi-clients").toAbsolutePath();
        delete(out);
        Files.createDirectories(out);
        Path spec = out.resolve("openapi.json");
        try (EventServer server = TestServers.start(Map.of("db.url", TestDatabases.create().url()))) {
            HttpTestClient anonymous = new HttpTestClient(server.port());
            Files.writeString(spec, anonymous.send(anonymous.request("/openapi").GET()).body());
        }

        ProcessBuilder node = new ProcessBuilder("node", "generate.mjs", spec.toString(), out.toString())
                .directory(TESTS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        // the generator's jar runs on this JDK
        Path javaHome = Path.of(System.getProperty("java.home"));
        node.environment().put("JAVA_HOME", javaHome.toString());
        node.environment().put("PATH", javaHome.resolve("bin") + File.pathSeparator
                + System.getenv().getOrDefault("PATH", ""));
        Process process = node.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("generating the clients did not finish within 15 minutes");
        }
        assertEquals(0, process.exitValue(), "the generated clients are not clean (the report is above)");

        compileJava(out.resolve("java/src/main/java"), out.resolve("java-classes"));
    }

    /** The Java client (okhttp-gson) against the libraries its pom.xml names; the class files are kept. */
    private static void compileJava(Path sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(path -> path.toString().endsWith(".java")).map(Path::toString).toList();
        }
        assertTrue(files.size() > 20, "a Java client was generated: " + files.size() + " files");
        String classPath;
        try (Stream<Path> jars = Files.list(LIBS)) {
            classPath = jars.map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }
        Files.createDirectories(classes);
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classPath,
                "--release", "11", "-proc:none", "-nowarn", "-Xlint:none", "-encoding", "UTF-8"));
        arguments.addAll(files);
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int status = javac.run(null, OutputStream.nullOutputStream(), report, arguments.toArray(String[]::new));
        assertEquals(0, status, "the generated Java client does not compile:\n"
                + report.toString(StandardCharsets.UTF_8));
    }

    /** What the test needs and this machine lacks; empty when nothing. */
    private static String missing() {
        StringBuilder missing = new StringBuilder();
        for (String command : List.of("node", "python3")) {
            if (!NodeTools.onPath(command)) {
                missing.append(command).append(" is not installed; ");
            }
        }
        for (String module : List.of("@openapitools/openapi-generator-cli", "typescript")) {
            if (!Files.isDirectory(TESTS.resolve("node_modules").resolve(module))) {
                missing.append(module).append(" is not installed (cd openapi-tests && npm ci); ");
            }
        }
        if (!Files.isDirectory(LIBS)) {
            missing.append(LIBS).append(" is missing (run through Maven's verify); ");
        }
        return missing.toString();
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

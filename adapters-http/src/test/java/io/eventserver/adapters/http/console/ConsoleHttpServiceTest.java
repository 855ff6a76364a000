package io.eventserver.adapters.http.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every file of the console's sources is served, and nothing else is named: a new view cannot be forgotten. */
class ConsoleHttpServiceTest {

    @Test
    void theServedFilesAreExactlyTheConsolesSources() throws IOException {
        Path root = Path.of("src/main/resources/console");
        Set<String> sources = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .forEach(file -> sources.add(root.relativize(file).toString().replace('\\', '/')));
        }
        assertEquals(sources, new TreeSet<>(ConsoleHttpService.FILES));
        new ConsoleHttpService(); // reads every file and the WebJar's, or fails
    }
}

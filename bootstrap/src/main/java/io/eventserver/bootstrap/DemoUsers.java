package io.eventserver.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * The built-in demo users of {@code application.yaml} (alice, bob and admin, whose passwords the README prints) are
 * for trying eventserver: in a checkout, or on one machine. Outside a checkout — an installed archive — they never
 * listen beyond loopback (ADR 46): such a start is refused with a message that names the configuration file to
 * write and how to hash a password for it.
 */
final class DemoUsers {

    private DemoUsers() {
    }

    /** Whether the users of {@code settings} are still the built-in ones: no file or variable replaced them. */
    static boolean inEffect(Configuration settings) {
        Config builtIn = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
        return leaves(builtIn.get("security.providers")).equals(leaves(settings.security().get("providers")));
    }

    private static Map<String, String> leaves(Config node) {
        return node.asMap().orElse(Map.of());
    }

    /** A checkout of the sources (its build runs the server), not an installation of the archive. */
    static boolean isCheckout(Path home) {
        return Files.isRegularFile(home.resolve("pom.xml"));
    }

    /**
     * Why the server must not start: the demo users would listen on {@code host}, which is not loopback, outside a
     * checkout; empty when it may start.
     *
     * @param configFile the file {@code EVENTSERVER_CONFIG} names, if any
     */
    static Optional<String> refusal(Configuration settings, String host, Path home, Optional<String> configFile) {
        if (isLoopback(host) || isCheckout(home) || !inEffect(settings)) {
            return Optional.empty();
        }
        String file = configFile.orElse(home.resolve("config").resolve("eventserver.yaml").toString());
        return Optional.of("the built-in demo users (alice, bob and admin, whose passwords are in the README) would"
                + " listen on " + host + " outside a checkout: write " + file + " (start from "
                + home.resolve("config").resolve("eventserver.example.yaml") + ") with your own users under"
                + " security.providers, each with a password-hash printed by "
                + home.resolve("bin").resolve("eventserver") + " hash-password; or, to try eventserver on this"
                + " machine only, listen on loopback (server.host: 127.0.0.1, or SERVER_HOST=127.0.0.1)");
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
}

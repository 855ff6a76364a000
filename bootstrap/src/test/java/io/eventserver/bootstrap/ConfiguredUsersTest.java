package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;

import io.eventserver.adapters.http.LogCapture;
import io.eventserver.application.service.PasswordHashes;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.access.UserAccount;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

/** Users from the configuration, and {@code bin/eventserver hash-password} that makes their hashes. */
class ConfiguredUsersTest {

    private static Config security(String yaml) {
        return Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_X_YAML)).get("security");
    }

    private static String provider(String users) {
        return """
                security:
                  providers:
                    - http-basic-auth:
                        users:
                """ + users.indent(10);
    }

    @Test
    void aPlainPasswordStillWorksButIsWarnedAboutByName() {
        try (LogCapture log = LogCapture.of(ConfiguredUsers.class.getName(), Level.WARNING)) {
            List<UserAccount> users = ConfiguredUsers.read(security(provider("""
                    - login: "alice"
                      password: "alice-pw"
                      roles: ["admin"]
                    """)));

            assertEquals(1, users.size());
            assertTrue(new PasswordHashes(1000).verify(users.getFirst().passwordHash(), "alice-pw".toCharArray()));
            assertEquals(Set.of("admin"), users.getFirst().roles());
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("user alice has a plain-text password")),
                    log.lines().toString());
            assertFalse(log.lines().stream().anyMatch(line -> line.contains("alice-pw")), "never the password");
        }
    }

    @Test
    void aPasswordHashAndGrantsAreRead() {
        String hash = new PasswordHashes(1000).hash("carol-password-1".toCharArray());
        UserAccount carol = ConfiguredUsers.read(security(provider("""
                - login: "carol"
                  password-hash: "%s"
                  grants:
                    - streams: "orders.*"
                      actions: ["publish", "consume"]
                    - streams: "audit"
                      actions: ["consume"]
                """.formatted(hash)))).getFirst();

        assertEquals(hash, carol.passwordHash());
        var permissions = carol.permissions(List.of());
        assertTrue(permissions.allows(Action.PUBLISH, "orders.eu"));
        assertTrue(permissions.allows(Action.CONSUME, "audit"));
        assertFalse(permissions.allows(Action.PUBLISH, "audit"));
        assertEquals(Optional.empty(), ConfiguredUsers.read(security(provider("""
                - login: "dave"
                  password-hash: "%s"
                """.formatted(hash)))).getFirst().grants(), "no grants of its own");
        assertEquals(Optional.of(List.of()), ConfiguredUsers.read(security(provider("""
                - login: "erin"
                  password-hash: "%s"
                  grants: []
                """.formatted(hash)))).getFirst().grants(), "grants: [] locks a user out of every stream");
    }

    @Test
    void aWrongUserIsRefusedAtStartNamingTheUser() {
        Map<String, String> wrong = Map.of(
                "- login: \"a\"\n  password: \"x\"\n  password-hash: \"$pbkdf2-sha256$i=1000$x$y\"\n", "either",
                "- login: \"a\"\n", "either",
                "- login: \"a\"\n  password-hash: \"plain-text\"\n", "password-hash",
                "- login: \"a\"\n  password: \"x\"\n  roles: [\"root\"]\n", "roles",
                "- login: \"a\"\n  password: \"x\"\n  grants:\n    - streams: \"a*b\"\n      actions: [\"publish\"]\n",
                "streams",
                "- login: \"a\"\n  password: \"x\"\n  grants:\n    - streams: \"a\"\n      actions: [\"drop\"]\n",
                "actions",
                "- login: \"a b\"\n  password: \"x\"\n", "login",
                "- login: \"a\"\n  password: \"x\"\n- login: \"a\"\n  password: \"y\"\n", "twice",
                "- login: \"svc:billing\"\n  password: \"x\"\n", "1-64 characters of [A-Za-z0-9._@-]",
                "- login: \"ops\"\n  password: \"x\"\n- login: \"OPS\"\n  password: \"y\"\n", "regardless of case");
        wrong.forEach((users, word) -> {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> ConfiguredUsers.read(security(provider(users))), users);
            assertTrue(refused.getMessage().contains(word), refused.getMessage());
            assertTrue(refused.getMessage().startsWith("security: "), refused.getMessage());
        });
    }

    @Test
    void aSecurityConfigurationWithoutExactlyOneBasicProviderIsRefused() {
        for (String yaml : List.of("security:\n  providers: []\n", "security:\n  providers:\n    - abac:\n        x: 1\n",
                "security:\n  providers:\n    - http-basic-auth:\n        users: []\n"
                        + "    - http-basic-auth:\n        users: []\n")) {
            assertThrows(IllegalArgumentException.class, () -> ConfiguredUsers.read(security(yaml)), yaml);
        }
    }

    @Test
    void hashPasswordPrintsAHashOfTheFirstLineOfStandardInput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.command(new String[] {"hash-password"}, input("a long password\nignored\n"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertEquals(hash, PasswordHashes.requireHash(hash, "password-hash"));
        assertTrue(hash.startsWith("$pbkdf2-sha256$i=" + PasswordHashes.ITERATIONS + "$"), hash);
        assertTrue(new PasswordHashes().verify(hash, "a long password".toCharArray()));
    }

    @Test
    void hashPasswordRefusesAShortPasswordAndOtherCommandsAreUnknown() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertEquals(1, Main.command(new String[] {"hash-password"}, input("short\n"), out, errors));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("at least 12 characters"));
        assertEquals(1, Main.command(new String[] {"hash-password"}, input(""), out, errors));
        assertEquals(2, Main.command(new String[] {"hash-pasword"}, input(""), out, errors));
    }

    private static ByteArrayInputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}

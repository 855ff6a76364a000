package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

/**
 * The settings table is the one place of every setting (ADR 54): the README's configuration reference is the table
 * rendered, every default passes its own check, and {@code application.yaml} holds no default of its own.
 * <p>
 * After changing a declaration, {@code -Dconfiguration.reference.write=true} rewrites the README's reference from
 * the table (then review the diff); without it, a difference fails this test.
 */
class ConfigurationReferenceTest {

    static final String BEGIN = "<!-- configuration reference: generated from bootstrap's SettingsTable"
            + " (ConfigurationReferenceTest) -->";
    static final String END = "<!-- end of the configuration reference -->";

    @Test
    void theReadmesConfigurationReferenceIsTheSettingsTable() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md marks its configuration reference with " + BEGIN + " … "
                + END);
        String written = text.substring(begin + BEGIN.length(), end);
        String generated = "\n" + SettingsTable.reference() + "\n";
        if (Boolean.getBoolean("configuration.reference.write") && !written.equals(generated)) {
            Files.writeString(readme, text.substring(0, begin + BEGIN.length()) + generated + text.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertEquals(generated, written, "README.md's configuration reference differs from SettingsTable; run this"
                + " test with -Dconfiguration.reference.write=true to write it from the table");
    }

    @Test
    void everySettingIsDeclaredOnceWithADescription() {
        Set<String> keys = new HashSet<>();
        for (Setting<?> setting : SettingsTable.ALL) {
            assertTrue(keys.add(setting.key()), "declared twice: " + setting.key());
            setting.former().ifPresent(former -> assertTrue(former.key().equals(setting.key())
                    || keys.add(former.key()), "a former spelling is taken: " + former.key()));
            assertFalse(setting.description().isBlank(), setting.key() + " has no description");
            assertFalse(setting.description().contains("|") || setting.description().contains("\n"),
                    setting.key() + ": a description is one cell of one line");
        }
    }

    @Test
    void everyDefaultPassesItsOwnCheck() {
        Configuration defaults = Configuration.from(Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource());
        for (Setting<?> setting : SettingsTable.ALL) {
            if (!setting.family() && setting.owner() != Setting.Owner.HELIDON_SECTION) {
                defaults.find(setting);
            }
        }
    }

    @Test
    void applicationYamlHoldsTheDemoUsersAndNoDefault() {
        Config builtIn = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
        Map<String, String> leaves = builtIn.asMap().orElseThrow();
        assertFalse(leaves.isEmpty());
        for (String key : leaves.keySet()) {
            assertTrue(key.startsWith("security.providers."), key + " in application.yaml: a default belongs to its"
                    + " declaration in SettingsTable");
        }
        assertEquals(List.of(), Configuration.from(Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()).unknownKeys());
    }
}

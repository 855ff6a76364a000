package io.eventserver.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.eventserver.adapters.http.HttpSettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Reads the configuration: {@code application.yaml} on the classpath, overridden by the optional YAML file named
 * by {@code EVENTSERVER_CONFIG}, overridden by environment variables and system properties.
 *
 * @param config   the merged configuration
 * @param security the {@code security} section: the override file's when it has one (it then replaces the built-in
 *                 demo users entirely), otherwise the merged one
 */
record Settings(Config config, Config security) {

    static final String CONFIG_FILE_VARIABLE = "EVENTSERVER_CONFIG";

    static Settings load(Optional<String> overrideFile) {
        Config.Builder builder = Config.builder();
        Optional<Config> override = overrideFile.map(Settings::overrideFile);
        overrideFile.ifPresent(file -> builder.addSource(ConfigSources.file(file)));
        Config config = builder.addSource(ConfigSources.classpath("application.yaml")).build();
        Config security = override.map(file -> file.get("security"))
                .filter(Config::exists)
                .orElse(config.get("security"));
        return new Settings(config, security);
    }

    private static Config overrideFile(String file) {
        if (!Files.isRegularFile(Path.of(file))) {
            throw new IllegalArgumentException(CONFIG_FILE_VARIABLE + " names " + file + ", which is not a file");
        }
        return Config.just(ConfigSources.file(file));
    }

    Config server() {
        return config.get("server");
    }

    Optional<String> databaseUrl() {
        return config.get("db.url").asString().asOptional().filter(url -> !url.isBlank());
    }

    String databaseUser() {
        return config.get("db.user").asString().orElse("postgres");
    }

    String databasePassword() {
        return config.get("db.password").asString().orElse("");
    }

    int poolSize() {
        return config.get("db.pool-size").asInt().orElse(10);
    }

    Duration connectionTimeout() {
        return Duration.ofMillis(config.get("db.connection-timeout-ms").asLong().orElse(5000L));
    }

    Path embeddedDataDirectory() {
        return Path.of(config.get("db.embedded.data-dir").asString().orElse("./data"));
    }

    int maxLimit() {
        return config.get("api.max-limit").asInt().orElse(1000);
    }

    HttpSettings http() {
        return new HttpSettings(
                config.get("api.max-body-size").asInt().orElse(HttpSettings.DEFAULT_MAX_BODY_BYTES),
                config.get("api.max-json-depth").asInt().orElse(HttpSettings.DEFAULT_MAX_JSON_DEPTH),
                realm());
    }

    private String realm() {
        for (Config provider : security.get("providers").asNodeList().orElse(java.util.List.of())) {
            Optional<String> realm = provider.get("http-basic-auth.realm").asString().asOptional();
            if (realm.isPresent()) {
                return realm.get();
            }
        }
        return "eventserver";
    }
}

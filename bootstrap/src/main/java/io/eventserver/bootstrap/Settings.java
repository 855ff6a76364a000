package io.eventserver.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.eventserver.adapters.http.EdgeSettings;
import io.eventserver.adapters.http.HttpSettings;
import io.eventserver.adapters.postgres.PoolSettings;
import io.eventserver.adapters.postgres.PostgresStorage;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Reads the configuration: {@code application.yaml} on the classpath, overridden by the optional YAML file named
 * by {@code EVENTSERVER_CONFIG}, overridden by environment variables and system properties. A list in a
 * higher-priority source replaces the whole list below it, so {@code security.providers} in the file replaces the
 * built-in demo users instead of adding to them.
 */
record Settings(Config config) {

    static final String CONFIG_FILE_VARIABLE = "EVENTSERVER_CONFIG";

    static Settings load(Optional<String> overrideFile) {
        Config.Builder builder = Config.builder();
        overrideFile.ifPresent(file -> {
            if (!Files.isRegularFile(Path.of(file))) {
                throw new IllegalArgumentException(CONFIG_FILE_VARIABLE + " names " + file + ", which is not a file");
            }
            builder.addSource(ConfigSources.file(file));
        });
        return new Settings(builder.addSource(ConfigSources.classpath("application.yaml")).build());
    }

    Config security() {
        return config.get("security");
    }

    Config server() {
        return config.get("server");
    }

    /** {@code storage.kind}, checked against the known engines before anything is opened. */
    String storageKind() {
        String kind = config.get("storage.kind").asString().orElse("postgres");
        if (!Storages.KINDS.contains(kind)) {
            throw new IllegalArgumentException("storage.kind must be one of " + String.join(", ", Storages.KINDS)
                    + ", not " + kind);
        }
        return kind;
    }

    /** The PostgreSQL engine's settings: {@code db.*}. */
    PostgresStorage.Settings postgres() {
        return new PostgresStorage.Settings(databaseUrl(), databaseUser(), databasePassword(), pool(),
                embeddedDataDirectory());
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

    PoolSettings pool() {
        return new PoolSettings(
                config.get("db.pool-size").asInt().orElse(10),
                Duration.ofMillis(config.get("db.connection-timeout-ms").asLong().orElse(5000L)),
                Duration.ofMillis(config.get("db.statement-timeout-ms").asLong().orElse(5000L)));
    }

    Path embeddedDataDirectory() {
        return Path.of(config.get("db.embedded.data-dir").asString().orElse("./data"));
    }

    int maxLimit() {
        return config.get("api.max-limit").asInt().orElse(1000);
    }

    /** How consumer lag is exported as metrics: the largest {@code seriesLimit} lags, refreshed every period. */
    record LagMetrics(int seriesLimit, Duration refreshPeriod) {
        LagMetrics {
            if (seriesLimit < 0 || seriesLimit > 10_000) {
                throw new IllegalArgumentException("metrics.lag-series-limit must be between 0 and 10000");
            }
            if (refreshPeriod.toMillis() < 100) {
                throw new IllegalArgumentException("metrics.lag-refresh-ms must be at least 100");
            }
        }
    }

    LagMetrics lagMetrics() {
        return new LagMetrics(config.get("metrics.lag-series-limit").asInt().orElse(100),
                Duration.ofMillis(config.get("metrics.lag-refresh-ms").asLong().orElse(15_000L)));
    }

    /** How often readiness probes the database in the background. */
    Duration healthRefreshPeriod() {
        long millis = config.get("health.refresh-ms").asLong().orElse(1000L);
        if (millis < 100 || millis > 60_000) {
            throw new IllegalArgumentException("health.refresh-ms must be between 100 and 60000");
        }
        return Duration.ofMillis(millis);
    }

    HttpSettings http() {
        return new HttpSettings(
                config.get("api.max-body-size").asInt().orElse(HttpSettings.DEFAULT_MAX_BODY_BYTES),
                config.get("api.max-json-depth").asInt().orElse(HttpSettings.DEFAULT_MAX_JSON_DEPTH),
                realm(),
                config.get("api.max-concurrent-requests").asInt().orElse(HttpSettings.DEFAULT_MAX_CONCURRENT_REQUESTS),
                edge(),
                config.get("access-log.client-errors-per-minute").asInt()
                        .orElse(HttpSettings.DEFAULT_CLIENT_ERROR_LOGS_PER_MINUTE));
    }

    /**
     * Time-outs and the connection limit at the edge. {@code server.max-connections} is lowered to what the
     * process's open-file limit allows (see {@link ConnectionBudget}).
     */
    EdgeSettings edge() {
        int configured = config.get("server.max-connections").asInt().orElse(0);
        if (configured < 0) {
            throw new IllegalArgumentException("server.max-connections must be at least 1");
        }
        int[] split = ConnectionBudget.split(configured, ConnectionBudget.available(pool().size()));
        return new EdgeSettings(
                config.get("server.request-header-timeout").as(Duration.class)
                        .orElse(EdgeSettings.DEFAULT_HEADER_TIMEOUT),
                config.get("server.request-body-timeout").as(Duration.class)
                        .orElse(EdgeSettings.DEFAULT_BODY_TIMEOUT),
                split[0], split[1]);
    }

    private String realm() {
        for (Config provider : security().get("providers").asNodeList().orElse(List.of())) {
            Optional<String> realm = provider.get("http-basic-auth.realm").asString().asOptional();
            if (realm.isPresent()) {
                return realm.get();
            }
        }
        return "eventserver";
    }
}

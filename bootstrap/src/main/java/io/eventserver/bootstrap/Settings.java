package io.eventserver.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.eventserver.adapters.http.AccessSettings;
import io.eventserver.adapters.http.EdgeSettings;
import io.eventserver.adapters.http.HttpSettings;
import io.eventserver.adapters.kafka.KafkaSettings;
import io.eventserver.adapters.postgres.PoolSettings;
import io.eventserver.adapters.postgres.PostgresStorage;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.UserAccount;
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

    /** The keys of our own sections; anything else under them is a misspelling (see {@link #unknownKeys}). */
    static final Set<String> KNOWN_KEYS = Set.of(
            "storage.kind",
            "db.url", "db.user", "db.password", "db.pool-size", "db.connection-timeout-ms", "db.statement-timeout-ms",
            "db.embedded.data-dir",
            "kafka.bootstrap-servers", "kafka.replication-factor", "kafka.min-insync-replicas", "kafka.topic-prefix",
            "kafka.append-timeout",
            "api.max-body-size", "api.max-limit", "api.max-json-depth", "api.max-concurrent-requests",
            "api.max-concurrent-requests-per-user",
            "api.max-batch-size", "api.max-batch-body-size", "api.max-wait", "api.max-waiting", "api.max-event-names",
            "metrics.lag-series-limit", "metrics.lag-refresh-ms",
            "health.refresh-ms",
            "access-log.client-errors-per-minute",
            "security.default-grants", "security.login-throttle.max-failures", "security.login-throttle.window",
            "security.login-throttle.per-login-global", "security.password-checks.max-concurrent",
            "security.password-checks.per-login-per-minute",
            "limits.requests-per-second", "limits.burst");

    /** Properties passed to the Kafka engine's clients: {@code kafka.client.<property>}, {@code kafka.producer.…}. */
    private static final Pattern KAFKA_CLIENT_KEY = Pattern.compile("kafka\\.(client|producer)\\..+");

    /** Per-user rate limits: {@code limits.users.<login>.requests-per-second} and {@code .burst}. */
    private static final Pattern USER_LIMIT_KEY =
            Pattern.compile("limits\\.users\\.[^.]+\\.(requests-per-second|burst)");

    /**
     * Settings under our own sections ({@code storage}, {@code db}, {@code api}, {@code metrics}, {@code health},
     * {@code access-log}, {@code limits}, and {@code security} but its Helidon {@code providers}) that the server
     * does not know: a misspelled key would otherwise be ignored silently. {@code server} is Helidon's and not
     * checked.
     */
    List<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>();
        for (String section : List.of("storage", "db", "kafka", "api", "metrics", "health", "access-log", "limits",
                "security")) {
            config.get(section).traverse()
                    .filter(node -> node.type() == Config.Type.VALUE)
                    .map(node -> node.key().toString())
                    .filter(key -> !key.startsWith("security.providers."))
                    .filter(key -> !KNOWN_KEYS.contains(key) && !USER_LIMIT_KEY.matcher(key).matches()
                            && !KAFKA_CLIENT_KEY.matcher(key).matches())
                    .forEach(unknown::add);
        }
        return List.copyOf(unknown);
    }

    private int integer(String key, int otherwise) {
        try {
            return config.get(key).asInt().orElse(otherwise);
        } catch (RuntimeException e) {
            throw invalid(key, "an integer");
        }
    }

    private long longInteger(String key, long otherwise) {
        try {
            return config.get(key).asLong().orElse(otherwise);
        } catch (RuntimeException e) {
            throw invalid(key, "an integer");
        }
    }

    private Duration duration(String key, Duration otherwise) {
        try {
            return config.get(key).as(Duration.class).orElse(otherwise);
        } catch (RuntimeException e) {
            throw invalid(key, "an ISO-8601 duration such as PT10S");
        }
    }

    private double number(String key, double otherwise) {
        try {
            return config.get(key).asDouble().orElse(otherwise);
        } catch (RuntimeException e) {
            throw invalid(key, "a number");
        }
    }

    private IllegalArgumentException invalid(String key, String expected) {
        String value = config.get(key).asString().orElse("");
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return new IllegalArgumentException(key + " must be " + expected + ", not \"" + shown + "\"");
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

    /**
     * The Kafka engine's settings: {@code kafka.*} (README, "Storage on Kafka"); {@code kafka.bootstrap-servers} is
     * required.
     */
    KafkaSettings kafka() {
        String servers = config.get("kafka.bootstrap-servers").asString().asOptional().filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(
                        "storage.kind kafka needs kafka.bootstrap-servers (host:port of the brokers)"));
        int replication = integer("kafka.replication-factor", 1);
        if (replication < 1 || replication > Short.MAX_VALUE) {
            throw invalid("kafka.replication-factor", "at least 1");
        }
        return new KafkaSettings(servers, (short) replication, integer("kafka.min-insync-replicas", 1),
                config.get("kafka.topic-prefix").asString().orElse(KafkaSettings.DEFAULT_TOPIC_PREFIX),
                duration("kafka.append-timeout", Duration.ofSeconds(30)), properties("kafka.client"),
                properties("kafka.producer"));
    }

    /** The values under {@code section}, by their key below it ({@code kafka.producer.linger.ms} → {@code linger.ms}). */
    private Map<String, String> properties(String section) {
        Map<String, String> properties = new TreeMap<>();
        config.get(section).traverse()
                .filter(node -> node.type() == Config.Type.VALUE)
                .forEach(node -> properties.put(node.key().toString().substring(section.length() + 1),
                        node.asString().get()));
        return properties;
    }

    /** The PostgreSQL engine's settings: {@code db.*}, and {@code api.max-event-names}. */
    PostgresStorage.Settings postgres() {
        return new PostgresStorage.Settings(databaseUrl(), databaseUser(), databasePassword(), pool(),
                embeddedDataDirectory(), maxEventNames());
    }

    /** {@code api.max-event-names}: the most event names a stream may have, on every engine (issue 29). */
    int maxEventNames() {
        int max = integer("api.max-event-names", EventStore.DEFAULT_MAX_EVENT_NAMES);
        if (max < 1) {
            throw invalid("api.max-event-names", "at least 1");
        }
        return max;
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
                integer("db.pool-size", 10),
                Duration.ofMillis(longInteger("db.connection-timeout-ms", 5000L)),
                Duration.ofMillis(longInteger("db.statement-timeout-ms", 5000L)));
    }

    /**
     * Where the embedded database keeps its data: {@code db.embedded.data-dir}, or {@code data} in the installation
     * directory — never relative to the working directory, so that starting the server from another folder does
     * not silently open an empty database.
     */
    Path embeddedDataDirectory() {
        return config.get("db.embedded.data-dir").asString().asOptional().filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir).toAbsolutePath().normalize())
                .orElseGet(() -> installationDirectory().resolve("data"));
    }

    /**
     * The {@code eventserver.home} system property ({@code bin/eventserver} sets it to its checkout or
     * installation), else the folder of the running jar (the checkout, when that jar is a build's output), else
     * (classes on the class path, as in tests) the working directory.
     */
    static Path installationDirectory() {
        String home = System.getProperty("eventserver.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        try {
            Path code = Path.of(Settings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code)) {
                Path folder = code.getParent();
                // the jar of a checkout's build (bootstrap/target): data beside it would go with the next
                // "mvnw clean", so it goes where bin/eventserver puts it, in the checkout
                boolean buildOutput = folder.getFileName() != null && folder.getFileName().toString().equals("target")
                        && Files.isRegularFile(folder.resolveSibling("pom.xml"))
                        && folder.getParent().getParent() != null;
                return buildOutput ? folder.getParent().getParent() : folder;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code source to go by
        }
        return Path.of("").toAbsolutePath();
    }

    int maxLimit() {
        return integer("api.max-limit", 1000);
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
        return new LagMetrics(integer("metrics.lag-series-limit", 100),
                Duration.ofMillis(longInteger("metrics.lag-refresh-ms", 15_000L)));
    }

    /**
     * {@code server.shutdown-drain-period}: how long a stopping server answers readiness with 503 while it still
     * serves, before it stops accepting (ADR 36); 0 stops at once.
     */
    Duration shutdownDrainPeriod() {
        Duration drain = duration("server.shutdown-drain-period", Duration.ofSeconds(2));
        if (drain.isNegative() || drain.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("server.shutdown-drain-period must be between PT0S and PT5M");
        }
        return drain;
    }

    /** How often readiness probes the database in the background. */
    Duration healthRefreshPeriod() {
        long millis = longInteger("health.refresh-ms", 1000L);
        if (millis < 100 || millis > 60_000) {
            throw new IllegalArgumentException("health.refresh-ms must be between 100 and 60000");
        }
        return Duration.ofMillis(millis);
    }

    HttpSettings http() {
        return new HttpSettings(
                integer("api.max-body-size", HttpSettings.DEFAULT_MAX_BODY_BYTES),
                integer("api.max-json-depth", HttpSettings.DEFAULT_MAX_JSON_DEPTH),
                access(),
                integer("api.max-concurrent-requests", HttpSettings.DEFAULT_MAX_CONCURRENT_REQUESTS),
                edge(),
                integer("access-log.client-errors-per-minute", HttpSettings.DEFAULT_CLIENT_ERROR_LOGS_PER_MINUTE),
                maxLimit(),
                new HttpSettings.Batches(integer("api.max-batch-size", HttpSettings.Batches.DEFAULT_MAX_SIZE),
                        integer("api.max-batch-body-size", HttpSettings.Batches.DEFAULT_MAX_BODY_BYTES)),
                new HttpSettings.Waiting(integer("api.max-wait", HttpSettings.Waiting.DEFAULT_MAX_WAIT_SECONDS),
                        integer("api.max-waiting", HttpSettings.Waiting.DEFAULT_MAX_WAITING)),
                integer("api.max-concurrent-requests-per-user", HttpSettings.defaultMaxConcurrentRequestsPerUser(
                        integer("api.max-concurrent-requests", HttpSettings.DEFAULT_MAX_CONCURRENT_REQUESTS))));
    }

    /**
     * Time-outs and the connection limit at the edge. {@code server.max-connections} is lowered to what the
     * process's open-file limit allows (see {@link ConnectionBudget}).
     */
    EdgeSettings edge() {
        int configured = integer("server.max-connections", 0);
        if (configured < 0) {
            throw new IllegalArgumentException("server.max-connections must be at least 1");
        }
        int[] split = ConnectionBudget.split(configured, ConnectionBudget.available(pool().size()));
        return new EdgeSettings(
                duration("server.request-header-timeout", EdgeSettings.DEFAULT_HEADER_TIMEOUT),
                duration("server.request-body-timeout", EdgeSettings.DEFAULT_BODY_TIMEOUT),
                split[0], split[1]);
    }

    /** The users of the configuration: read-only, checked before anything starts. */
    List<UserAccount> configuredUsers() {
        return ConfiguredUsers.read(security());
    }

    /** {@code security.default-grants}: {@code all} (publish and consume everywhere, the default) or {@code none}. */
    List<Grant> defaultGrants() {
        String grants = config.get("security.default-grants").asString().orElse("all");
        return switch (grants) {
            case "all" -> List.of(Grant.EVERYTHING);
            case "none" -> List.of();
            default -> throw new IllegalArgumentException("security.default-grants must be all or none, not "
                    + grants);
        };
    }

    /** {@code <key>.requests-per-second} and {@code <key>.burst}; the rate defaults to {@code otherwise}. */
    private AccessSettings.RateLimit rateLimit(String key, double otherwise) {
        double perSecond = number(key + ".requests-per-second", otherwise);
        return new AccessSettings.RateLimit(perSecond, integer(key + ".burst", Math.max(1, (int) Math.ceil(perSecond))));
    }

    /**
     * Realm, login throttling ({@code security.login-throttle.*}), password checks ({@code
     * security.password-checks.*}) and rate limits ({@code limits.*}).
     */
    AccessSettings access() {
        String realm = ConfiguredUsers.provider(security()).get("realm").asString().orElse("eventserver");
        double perSecond = number("limits.requests-per-second", 0);
        int burst = integer("limits.burst", Math.max(1, (int) Math.ceil(perSecond)));
        Optional<AccessSettings.RateLimit> everyone = perSecond > 0
                ? Optional.of(new AccessSettings.RateLimit(perSecond, burst))
                : Optional.empty();
        Map<String, AccessSettings.RateLimit> perUser = new TreeMap<>();
        // a configuration user's own "limits", then limits.users.<login>, which wins
        for (Config user : ConfiguredUsers.provider(security()).get("users").asNodeList().orElse(List.of())) {
            if (user.get("limits").exists()) {
                perUser.put(user.get("login").asString().orElse(""), rateLimit(user.get("limits").key().toString(),
                        perSecond));
            }
        }
        for (Config user : config.get("limits.users").asNodeList().orElse(List.of())) {
            perUser.put(user.name(), rateLimit(user.key().toString(), perSecond));
        }
        return new AccessSettings(realm,
                integer("security.login-throttle.max-failures", AccessSettings.DEFAULT_MAX_FAILED_LOGINS),
                duration("security.login-throttle.window", AccessSettings.DEFAULT_FAILED_LOGIN_WINDOW),
                integer("security.login-throttle.per-login-global", AccessSettings.DEFAULT_PER_LOGIN_GLOBAL),
                new AccessSettings.PasswordChecks(
                        integer("security.password-checks.max-concurrent",
                                AccessSettings.PasswordChecks.defaultMaxConcurrent()),
                        integer("security.password-checks.per-login-per-minute",
                                AccessSettings.PasswordChecks.DEFAULT_PER_LOGIN_PER_MINUTE)),
                everyone, perUser);
    }
}

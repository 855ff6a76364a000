package io.eventserver.bootstrap;

import static io.eventserver.bootstrap.SettingsTable.ACCESS_LOG_CLIENT_ERRORS_PER_MINUTE;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_BATCH_BODY_SIZE;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_BATCH_SIZE;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_BODY_SIZE;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_CONCURRENT_REQUESTS;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_CONCURRENT_REQUESTS_PER_USER;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_DELIVERIES;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_EVENT_NAMES;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_JSON_DEPTH;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_LEASE;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_LIMIT;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_WAIT;
import static io.eventserver.bootstrap.SettingsTable.API_MAX_WAITING;
import static io.eventserver.bootstrap.SettingsTable.DB_CONNECTION_TIMEOUT;
import static io.eventserver.bootstrap.SettingsTable.DB_EMBEDDED_DATA_DIR;
import static io.eventserver.bootstrap.SettingsTable.DB_PASSWORD;
import static io.eventserver.bootstrap.SettingsTable.DB_POOL_SIZE;
import static io.eventserver.bootstrap.SettingsTable.DB_STATEMENT_TIMEOUT;
import static io.eventserver.bootstrap.SettingsTable.DB_URL;
import static io.eventserver.bootstrap.SettingsTable.DB_USER;
import static io.eventserver.bootstrap.SettingsTable.KAFKA_APPEND_TIMEOUT;
import static io.eventserver.bootstrap.SettingsTable.KAFKA_BOOTSTRAP_SERVERS;
import static io.eventserver.bootstrap.SettingsTable.KAFKA_MIN_INSYNC_REPLICAS;
import static io.eventserver.bootstrap.SettingsTable.KAFKA_REPLICATION_FACTOR;
import static io.eventserver.bootstrap.SettingsTable.KAFKA_TOPIC_PREFIX;
import static io.eventserver.bootstrap.SettingsTable.LIMITS_BURST;
import static io.eventserver.bootstrap.SettingsTable.LIMITS_REQUESTS_PER_SECOND;
import static io.eventserver.bootstrap.SettingsTable.LIMITS_USER_BURST;
import static io.eventserver.bootstrap.SettingsTable.LIMITS_USER_REQUESTS_PER_SECOND;
import static io.eventserver.bootstrap.SettingsTable.SECURITY_DEFAULT_GRANTS;
import static io.eventserver.bootstrap.SettingsTable.SECURITY_LOGIN_THROTTLE_MAX_FAILURES;
import static io.eventserver.bootstrap.SettingsTable.SECURITY_LOGIN_THROTTLE_PER_LOGIN_GLOBAL;
import static io.eventserver.bootstrap.SettingsTable.SECURITY_LOGIN_THROTTLE_WINDOW;
import static io.eventserver.bootstrap.SettingsTable.SECURITY_PASSWORD_CHECKS_MAX_CONCURRENT;
import static io.eventserver.bootstrap.SettingsTable.SECURITY_PASSWORD_CHECKS_PER_LOGIN_PER_MINUTE;
import static io.eventserver.bootstrap.SettingsTable.SERVER_MAX_CONNECTIONS;
import static io.eventserver.bootstrap.SettingsTable.SERVER_REQUEST_BODY_TIMEOUT;
import static io.eventserver.bootstrap.SettingsTable.SERVER_REQUEST_HEADER_TIMEOUT;
import static io.eventserver.bootstrap.SettingsTable.STORAGE_KIND;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.eventserver.adapters.http.AccessSettings;
import io.eventserver.adapters.http.EdgeSettings;
import io.eventserver.adapters.http.HttpSettings;
import io.eventserver.adapters.kafka.KafkaSettings;
import io.eventserver.adapters.postgres.PoolSettings;
import io.eventserver.adapters.postgres.PostgresSettings;
import io.eventserver.application.port.in.LeaseLimits;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.UserAccount;
import io.eventserver.domain.retention.MaxAge;
import io.eventserver.domain.retention.Retention;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * The configuration: {@code application.yaml} on the classpath (the demo users), overridden by the optional YAML
 * file named by {@code EVENTSERVER_CONFIG}, overridden by environment variables and system properties, with the
 * defaults of {@link SettingsTable} below them all. A list in a higher-priority source replaces the whole list
 * below it, so {@code security.providers} in the file replaces the built-in demo users instead of adding to them.
 * <p>
 * Values are read by their declaration ({@link #get}); the settings records of the adapters are built here from
 * them, so that an adapter knows nothing of keys and files.
 */
final class Configuration {

    static final String CONFIG_FILE_VARIABLE = "EVENTSERVER_CONFIG";

    private final Config config;

    private Configuration(Config config) {
        this.config = config;
    }

    static Configuration load(Optional<String> overrideFile) {
        Config.Builder builder = Config.builder();
        overrideFile.ifPresent(file -> {
            if (!Files.isRegularFile(Path.of(file))) {
                throw new IllegalArgumentException(CONFIG_FILE_VARIABLE + " names " + file + ", which is not a file");
            }
            builder.addSource(ConfigSources.file(file));
        });
        return from(builder);
    }

    /** {@code builder}'s sources, then {@code application.yaml} and the defaults of what Helidon reads itself. */
    static Configuration from(Config.Builder builder) {
        return new Configuration(builder
                .addSource(ConfigSources.classpath("application.yaml"))
                .addSource(ConfigSources.create(SettingsTable.helidonDefaults()))
                .build());
    }

    // ---- reading one setting ----

    /**
     * The value of {@code setting}: as configured (or in its former spelling), else its default; checked.
     *
     * @throws IllegalArgumentException naming the key and what its value must be
     * @throws java.util.NoSuchElementException when it is not set and has no default
     */
    <T> T get(Setting<T> setting) {
        return find(setting).orElseThrow(() -> new java.util.NoSuchElementException(setting.key() + " is not set"));
    }

    /** The value of {@code setting}, or its default, or empty for a setting without one that is not set. */
    <T> Optional<T> find(Setting<T> setting) {
        Optional<T> configured = configured(setting);
        T value = configured.or(() -> setting.fallback().in(this)).orElse(null);
        if (value == null) {
            return Optional.empty();
        }
        if (!setting.check().accepts().test(value, this)) {
            throw new IllegalArgumentException(setting.key() + " must be " + setting.check().expectation()
                    + (setting.check().namesValue() ? ", not " + setting.type().show().apply(value) : "")
                    + formerlyGiven(setting, configured));
        }
        return Optional.of(value);
    }

    /** The value set for {@code setting} in its own key or, when that is not set, in its former one. */
    @SuppressWarnings("unchecked")
    private <T> Optional<T> configured(Setting<T> setting) {
        Optional<String> raw = raw(setting.key());
        if (raw.isPresent()) {
            try {
                return Optional.of(setting.type().parse().apply(raw.get()));
            } catch (RuntimeException e) {
                Optional<Setting.Former> sameKey = setting.former()
                        .filter(former -> former.key().equals(setting.key()));
                if (sameKey.isPresent() && sameKey.get().read(raw.get()).isPresent()) {
                    return (Optional<T>) sameKey.get().read(raw.get());
                }
                throw invalid(setting.key(), setting.type().expected(), raw.get());
            }
        }
        Optional<Setting.Former> former = setting.former().filter(old -> !old.key().equals(setting.key()));
        if (former.isPresent()) {
            Optional<String> old = raw(former.get().key());
            if (old.isPresent()) {
                return Optional.of((T) former.get().read(old.get()).orElseThrow(() -> invalid(former.get().key(),
                        "an integer (" + former.get().unitName() + ")", old.get())));
            }
        }
        return Optional.empty();
    }

    private <T> String formerlyGiven(Setting<T> setting, Optional<T> configured) {
        return setting.former()
                .filter(former -> configured.isPresent() && !former.key().equals(setting.key())
                        && raw(setting.key()).isEmpty())
                .map(former -> " (given as " + former.key() + ")")
                .orElse("");
    }

    private Optional<String> raw(String key) {
        Config node = config.get(key);
        if (!node.exists()) {
            return Optional.empty();
        }
        if (node.type() != Config.Type.VALUE) {
            throw invalid(key, "a single value", "");
        }
        return node.asString().asOptional();
    }

    private static IllegalArgumentException invalid(String key, String expected, String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return new IllegalArgumentException(key + " must be " + expected + ", not \"" + shown + "\"");
    }

    // ---- what the table derives: unknown keys, old spellings ----

    /**
     * Keys under our own sections ({@link SettingsTable#checkedSections}) that no declaration knows: a misspelled
     * key would otherwise be ignored silently. Former spellings are known (see {@link #oldSpellings}).
     */
    List<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>();
        for (String section : SettingsTable.checkedSections()) {
            config.get(section).traverse()
                    .filter(node -> node.type() == Config.Type.VALUE)
                    .map(node -> node.key().toString())
                    .filter(key -> SettingsTable.ALL.stream().noneMatch(setting -> setting.matches(key)
                            || setting.former().map(former -> former.key().equals(key)).orElse(false)))
                    .forEach(unknown::add);
        }
        return List.copyOf(unknown);
    }

    /** One warning for each setting written in its former spelling, naming the spelling to write instead. */
    List<String> oldSpellings() {
        List<String> warnings = new ArrayList<>();
        for (Setting<?> setting : SettingsTable.ALL) {
            setting.former().ifPresent(former -> {
                Optional<String> old = raw(former.key());
                if (old.isEmpty()) {
                    return;
                }
                String instead = former.read(old.get()).map(Duration::toString).orElse("an ISO-8601 duration");
                if (former.key().equals(setting.key())) {
                    if (former.read(old.get()).isPresent()) {
                        warnings.add(setting.key() + ": a bare number of " + former.unitName() + " (" + old.get().trim()
                                + ") is the former spelling; write " + setting.key() + ": " + instead);
                    }
                } else if (raw(setting.key()).isPresent()) {
                    warnings.add(former.key() + " is the former spelling of " + setting.key() + ", which is set too;"
                            + " " + former.key() + " is ignored");
                } else {
                    warnings.add(former.key() + " is the former spelling of " + setting.key() + "; write "
                            + setting.key() + ": " + instead);
                }
            });
        }
        return warnings;
    }

    // ---- what the parts of the server are given ----

    Config security() {
        return config.get("security");
    }

    Config server() {
        return config.get("server");
    }

    /** {@code storage.kind}, checked against the known engines before anything is opened. */
    String storageKind() {
        return get(STORAGE_KIND);
    }

    /**
     * The Kafka engine's settings: {@code kafka.*} (README, "Storage on Kafka"); {@code kafka.bootstrap-servers} is
     * required.
     */
    KafkaSettings kafka() {
        String servers = find(KAFKA_BOOTSTRAP_SERVERS).filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(
                        "storage.kind kafka needs kafka.bootstrap-servers (host:port of the brokers)"));
        return new KafkaSettings(servers, get(KAFKA_REPLICATION_FACTOR).shortValue(), get(KAFKA_MIN_INSYNC_REPLICAS),
                get(KAFKA_TOPIC_PREFIX), get(KAFKA_APPEND_TIMEOUT), properties("kafka.client"),
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
    PostgresSettings postgres() {
        return new PostgresSettings(find(DB_URL).filter(url -> !url.isBlank()), get(DB_USER), get(DB_PASSWORD),
                pool(), embeddedDataDirectory(), maxEventNames());
    }

    /** {@code api.max-event-names}: the most event names a stream may have, on every engine (issue 29). */
    int maxEventNames() {
        return get(API_MAX_EVENT_NAMES);
    }

    PoolSettings pool() {
        return new PoolSettings(get(DB_POOL_SIZE), get(DB_CONNECTION_TIMEOUT), get(DB_STATEMENT_TIMEOUT));
    }

    /**
     * Where the embedded database keeps its data: {@code db.embedded.data-dir}, or {@code data} in the installation
     * directory — never relative to the working directory, so that starting the server from another folder does
     * not silently open an empty database.
     */
    Path embeddedDataDirectory() {
        return find(DB_EMBEDDED_DATA_DIR).filter(dir -> !dir.isBlank())
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
            Path code = Path.of(Configuration.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
        return get(API_MAX_LIMIT);
    }

    /** {@code api.max-lease} and {@code api.max-deliveries}: the bounds of leased reads (ADR 52). */
    /** The retention of streams without their own ({@code retention.default-max-age}, {@code -max-events}). */
    Retention defaultRetention() {
        return new Retention(find(SettingsTable.RETENTION_DEFAULT_MAX_AGE).map(MaxAge::of),
                find(SettingsTable.RETENTION_DEFAULT_MAX_EVENTS).map(Integer::longValue));
    }

    LeaseLimits leaseLimits() {
        return new LeaseLimits((int) get(API_MAX_LEASE).toSeconds(), get(API_MAX_DELIVERIES));
    }

    HttpSettings http() {
        return new HttpSettings(get(API_MAX_BODY_SIZE), get(API_MAX_JSON_DEPTH), access(),
                get(API_MAX_CONCURRENT_REQUESTS), edge(), get(ACCESS_LOG_CLIENT_ERRORS_PER_MINUTE), maxLimit(),
                new HttpSettings.Batches(get(API_MAX_BATCH_SIZE), get(API_MAX_BATCH_BODY_SIZE)),
                new HttpSettings.Waiting((int) get(API_MAX_WAIT).toSeconds(), get(API_MAX_WAITING)),
                get(API_MAX_CONCURRENT_REQUESTS_PER_USER));
    }

    /**
     * Time-outs and the connection limit at the edge. {@code server.max-connections} is lowered to what the
     * process's open-file limit allows (see {@link ConnectionBudget}).
     */
    EdgeSettings edge() {
        int[] split = ConnectionBudget.split(find(SERVER_MAX_CONNECTIONS).orElse(0),
                ConnectionBudget.available(pool().size()));
        return new EdgeSettings(get(SERVER_REQUEST_HEADER_TIMEOUT), get(SERVER_REQUEST_BODY_TIMEOUT), split[0],
                split[1]);
    }

    /** The users of the configuration: read-only, checked before anything starts. */
    List<UserAccount> configuredUsers() {
        return ConfiguredUsers.read(security());
    }

    /** {@code security.default-grants}: {@code all} (publish and consume everywhere, the default) or {@code none}. */
    List<Grant> defaultGrants() {
        return get(SECURITY_DEFAULT_GRANTS).equals("all") ? List.of(Grant.EVERYTHING) : List.of();
    }

    /**
     * Realm, login throttling ({@code security.login-throttle.*}), password checks ({@code
     * security.password-checks.*}) and rate limits ({@code limits.*}).
     */
    AccessSettings access() {
        String realm = ConfiguredUsers.provider(security()).get("realm").asString().orElse("eventserver");
        double perSecond = get(LIMITS_REQUESTS_PER_SECOND);
        Optional<AccessSettings.RateLimit> everyone = perSecond > 0
                ? Optional.of(new AccessSettings.RateLimit(perSecond, get(LIMITS_BURST)))
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
        return new AccessSettings(realm, get(SECURITY_LOGIN_THROTTLE_MAX_FAILURES),
                get(SECURITY_LOGIN_THROTTLE_WINDOW), get(SECURITY_LOGIN_THROTTLE_PER_LOGIN_GLOBAL),
                new AccessSettings.PasswordChecks(get(SECURITY_PASSWORD_CHECKS_MAX_CONCURRENT),
                        get(SECURITY_PASSWORD_CHECKS_PER_LOGIN_PER_MINUTE)),
                everyone, perUser);
    }

    /** {@code <prefix>.requests-per-second} (else {@code otherwise}) and {@code <prefix>.burst} of one login. */
    private AccessSettings.RateLimit rateLimit(String prefix, double otherwise) {
        double perSecond = find(LIMITS_USER_REQUESTS_PER_SECOND.at(prefix + ".requests-per-second")).orElse(otherwise);
        return new AccessSettings.RateLimit(perSecond, find(LIMITS_USER_BURST.at(prefix + ".burst"))
                .orElse(SettingsTable.burstOf(perSecond)));
    }
}

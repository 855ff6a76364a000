package io.eventserver.bootstrap;

import static io.eventserver.bootstrap.Setting.derived;
import static io.eventserver.bootstrap.Setting.duration;
import static io.eventserver.bootstrap.Setting.helidonSection;
import static io.eventserver.bootstrap.Setting.integer;
import static io.eventserver.bootstrap.Setting.number;
import static io.eventserver.bootstrap.Setting.optional;
import static io.eventserver.bootstrap.Setting.string;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.eventserver.adapters.http.AccessSettings;
import io.eventserver.adapters.http.EdgeSettings;
import io.eventserver.adapters.http.HttpSettings;
import io.eventserver.adapters.kafka.KafkaSettings;
import io.eventserver.application.port.in.LeaseLimits;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.service.SearchEventsService;

/**
 * Every setting of eventserver, each declared once: key, type, default, check, description (ADR 54). Adding a
 * setting is one declaration here, listed in {@link #ALL}, and its use where {@link Configuration} builds the
 * settings of the part that needs it; the README's configuration reference is generated from this table
 * ({@code ConfigurationReferenceTest}). Durations are ISO-8601 ({@code PT5S}). A default is written here, or — when
 * the adapter needs the same value for its own {@code defaults()} — in that adapter's constant, named here.
 */
final class SettingsTable {

    private SettingsTable() {
    }

    // ---- server: the listener is Helidon's; time-outs and limits at the edge are ours (ADR 18) ----

    static final Setting<Integer> SERVER_PORT = integer("server.port", 8080).readByHelidon()
            .describe("HTTP port (`0`: any free port).");
    static final Setting<String> SERVER_HOST = string("server.host", "0.0.0.0").readByHelidon()
            .describe("Address to listen on.");
    static final Setting<Duration> SERVER_SHUTDOWN_GRACE_PERIOD = duration("server.shutdown-grace-period",
            Duration.ofSeconds(10)).readByHelidon()
            .describe("On SIGTERM, how long running requests may take to finish before they are cut off.");
    static final Setting<Duration> SERVER_SHUTDOWN_DRAIN_PERIOD = duration("server.shutdown-drain-period",
            Duration.ofSeconds(2))
            .check(d -> !d.isNegative() && d.compareTo(Duration.ofMinutes(5)) <= 0, "between PT0S and PT5M")
            .describe("On SIGTERM, first: how long readiness answers 503 while the node still serves, so that a load"
                    + " balancer drains it (`PT0S`: stop at once; ADR 36).");
    static final Setting<Duration> SERVER_REQUEST_HEADER_TIMEOUT = duration("server.request-header-timeout",
            EdgeSettings.DEFAULT_HEADER_TIMEOUT)
            .check(d -> d.toMillis() >= 500, "at least PT0.5S")
            .describe("A request head (request line and headers) must arrive within this time of its first byte;"
                    + " otherwise `408` and the connection is closed.");
    static final Setting<Duration> SERVER_REQUEST_BODY_TIMEOUT = duration("server.request-body-timeout",
            EdgeSettings.DEFAULT_BODY_TIMEOUT)
            .check(d -> d.toMillis() >= 500, "at least PT0.5S")
            .describe("A request body must arrive within this time of the end of its head; otherwise `408` (when"
                    + " nothing was answered yet) and the connection is closed.");
    static final Setting<Duration> SERVER_IDLE_CONNECTION_TIMEOUT = duration("server.idle-connection-timeout",
            Duration.ofSeconds(60)).readByHelidon()
            .describe("Helidon's: a keep-alive connection without a request for this long is closed.");
    static final Setting<Duration> SERVER_IDLE_CONNECTION_PERIOD = duration("server.idle-connection-period",
            Duration.ofSeconds(1)).readByHelidon()
            .describe("Helidon's: how often idle connections are looked for.");
    static final Setting<Integer> SERVER_MAX_CONNECTIONS = optional("server.max-connections", Setting.Type.INTEGER,
            "`" + ConnectionBudget.DEFAULT_MAX_CONNECTIONS + "`, lowered to the open-file limit")
            .check(n -> n >= 0, "at least 1 (0: the default)")
            .describe("Open connections beyond which new connections are answered `503` and closed. Lowered at start"
                    + " to what `ulimit -n` leaves free (descriptors open at start, the pool, 64 spare); the start"
                    + " log names the value in force.");
    static final Setting<String> SERVER_TLS = helidonSection("server.tls", "section", "unset")
            .describe("Helidon's TLS configuration; set: HTTPS only (see [TLS](#tls)).");

    // ---- storage and its engines ----

    static final Setting<String> STORAGE_KIND = string("storage.kind", "postgres")
            .oneOf(Storages.KINDS)
            .describe("The storage engine: `postgres`, or `kafka` (events in Kafka, everything else in the"
                    + " PostgreSQL of `db.*`; see [Storage on Kafka](#storage-on-kafka)). Any other value fails the"
                    + " start with the list of kinds.");

    static final Setting<String> DB_URL = optional("db.url", Setting.Type.STRING, "unset")
            .describe("JDBC URL of PostgreSQL, e.g. `jdbc:postgresql://db:5432/eventserver`. **Unset: an embedded"
                    + " PostgreSQL is started.**");
    static final Setting<String> DB_USER = string("db.user", "postgres")
            .describe("User for `db.url`.");
    static final Setting<String> DB_PASSWORD = string("db.password", "")
            .describe("Password for `db.url`.");
    static final Setting<Integer> DB_POOL_SIZE = integer("db.pool-size", 10)
            .check(n -> n >= 1, "at least 1")
            .describe("Most database connections.");
    static final Setting<Duration> DB_CONNECTION_TIMEOUT = duration("db.connection-timeout", Duration.ofSeconds(5))
            .formerly("db.connection-timeout-ms", ChronoUnit.MILLIS)
            .check(d -> d.toMillis() >= 250, "at least PT0.25S")
            .describe("How long a request waits for a connection before it answers 503; also the start-up connect"
                    + " time-out.");
    static final Setting<Duration> DB_STATEMENT_TIMEOUT = duration("db.statement-timeout", Duration.ofSeconds(5))
            .formerly("db.statement-timeout-ms", ChronoUnit.MILLIS)
            .check(d -> d.toMillis() >= 100, "at least PT0.1S")
            .describe("How long one SQL statement may run (PostgreSQL `statement_timeout`) before the request"
                    + " answers 503.");
    static final Setting<String> DB_EMBEDDED_DATA_DIR = optional("db.embedded.data-dir", Setting.Type.STRING,
            "`data` in the installation directory")
            .describe("Data directory of the embedded PostgreSQL; kept between runs. Not set: `<checkout>/data` when"
                    + " started by `bin/eventserver` (whatever the working directory) or with `java -jar"
                    + " bootstrap/target/eventserver.jar` (never inside `target/`, which `mvnw clean` deletes), the"
                    + " folder of the jar for a jar installed elsewhere. The start log names the absolute path.");

    static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = optional("kafka.bootstrap-servers", Setting.Type.STRING,
            "unset")
            .describe("`host:port,…` of the Kafka brokers; required with `storage.kind: kafka`.");
    static final Setting<Integer> KAFKA_REPLICATION_FACTOR = integer("kafka.replication-factor", 1)
            .check(n -> n >= 1 && n <= Short.MAX_VALUE, "between 1 and " + Short.MAX_VALUE)
            .describe("Replicas of each new topic; 3 in production.");
    static final Setting<Integer> KAFKA_MIN_INSYNC_REPLICAS = integer("kafka.min-insync-replicas", 1)
            .check((n, configuration) -> n >= 1 && n <= configuration.get(KAFKA_REPLICATION_FACTOR),
                    "between 1 and the replication factor")
            .describe("`min.insync.replicas` of each new topic: replicas that must have an event before its publish"
                    + " is answered; 2 with 3 replicas.");
    static final Setting<String> KAFKA_TOPIC_PREFIX = string("kafka.topic-prefix", KafkaSettings.DEFAULT_TOPIC_PREFIX)
            .check(prefix -> prefix.matches("[a-zA-Z0-9._-]{0,200}"), "at most 200 of [a-zA-Z0-9._-]")
            .describe("Topic names are the prefix and a number (the mapping is in PostgreSQL, `kafka_topics`).");
    static final Setting<Duration> KAFKA_APPEND_TIMEOUT = duration("kafka.append-timeout",
            KafkaSettings.DEFAULT_APPEND_TIMEOUT)
            .check(d -> d.toMillis() >= 1000, "at least PT1S")
            .describe("How long a publish waits for Kafka before it answers 503 (the producer's"
                    + " `delivery.timeout.ms`); also the window of the look-up of an event by id (ADR 38).");
    static final Setting<String> KAFKA_CLIENT = optional("kafka.client.<property>", Setting.Type.STRING, "none")
            .describe("Passed to every Kafka client of the engine: `security.protocol`, `sasl.*`, `ssl.*`, …");
    static final Setting<String> KAFKA_PRODUCER = optional("kafka.producer.<property>", Setting.Type.STRING,
            "`linger.ms` 0, `batch.size` 1 MiB, `buffer.memory` 64 MiB")
            .describe("Passed to the producer. `acks` (`all`), `enable.idempotence` (`true`), `transactional.id`"
                    + " (none), `max.in.flight.requests.per.connection` (5), `retries`, `delivery.timeout.ms`, the"
                    + " serializers and `bootstrap.servers` are fixed: setting one fails the start.");

    // ---- the HTTP API ----

    static final Setting<Integer> API_MAX_BODY_SIZE = integer("api.max-body-size", HttpSettings.DEFAULT_MAX_BODY_BYTES)
            .check(n -> n >= 1024, "at least 1024 bytes")
            .describe("Largest request body in bytes (413 above); a batch may be larger, up to"
                    + " `api.max-batch-body-size`.");
    static final Setting<Integer> API_MAX_BATCH_SIZE = integer("api.max-batch-size",
            HttpSettings.Batches.DEFAULT_MAX_SIZE)
            .check(n -> n >= 1, "at least 1")
            .describe("Most events in a batch publish (a JSON array); more: 400.");
    static final Setting<Integer> API_MAX_BATCH_BODY_SIZE = integer("api.max-batch-body-size",
            HttpSettings.Batches.DEFAULT_MAX_BODY_BYTES)
            .check((n, configuration) -> n >= configuration.get(API_MAX_BODY_SIZE), "at least api.max-body-size")
            .describe("Largest body of a batch publish in bytes (413 above).");
    static final Setting<Duration> API_MAX_WAIT = duration("api.max-wait",
            Duration.ofSeconds(HttpSettings.Waiting.DEFAULT_MAX_WAIT_SECONDS))
            .formerly("api.max-wait", ChronoUnit.SECONDS)
            .check(d -> !d.isNegative() && d.getNano() == 0 && d.compareTo(Duration.ofHours(1)) <= 0,
                    "whole seconds between PT0S and PT1H")
            .describe("Largest `wait` of a consume (whole seconds).");
    static final Setting<Integer> API_MAX_WAITING = integer("api.max-waiting", HttpSettings.Waiting.DEFAULT_MAX_WAITING)
            .check(n -> n >= 0, "at least 0")
            .describe("Consumers that may wait (`wait` or a stream) at once, per process; one more: 503.");
    static final Setting<Integer> API_MAX_LIMIT = integer("api.max-limit", 1000)
            .check(n -> n >= 1, "at least 1")
            .describe("Largest `limit` on consume, browsing, the pages of streams, event names and consumers, and the"
                    + " consumers furthest behind (`/api/v1/consumer-lags`).");
    static final Setting<Integer> API_MAX_EVENT_NAMES = integer("api.max-event-names",
            EventStore.DEFAULT_MAX_EVENT_NAMES)
            .check(n -> n >= 1, "at least 1")
            .describe("Most event names a stream may have; a publish that would add one more is answered `422` and"
                    + " stores nothing (ADR 44).");
    static final Setting<Integer> API_MAX_JSON_DEPTH = integer("api.max-json-depth",
            HttpSettings.DEFAULT_MAX_JSON_DEPTH)
            .check(n -> n >= 3, "at least 3")
            .describe("Deepest nesting of objects/arrays in a published document.");
    static final Setting<Integer> API_MAX_SCAN = integer("api.max-scan", SearchEventsService.DEFAULT_MAX_SCAN)
            .check(n -> n >= 1, "at least 1")
            .describe("Most events one browse or search of an event name examines; where it stopped, a `Link` header"
                    + " says how to continue (ADR 67).");
    static final Setting<Integer> API_MAX_SCHEMA_SIZE = integer("api.max-schema-size", 64 * 1024)
            .check(n -> n >= 1, "at least 1")
            .describe("Largest JSON Schema of a payload, in bytes; a larger one is answered `400` (ADR 66).");
    static final Setting<Duration> API_MAX_LEASE = duration("api.max-lease",
            Duration.ofSeconds(LeaseLimits.DEFAULT_MAX_LEASE_SECONDS))
            .formerly("api.max-lease", ChronoUnit.SECONDS)
            .check(d -> d.getNano() == 0 && d.toSeconds() >= 1 && d.toSeconds() <= LeaseLimits.LONGEST_LEASE_SECONDS,
                    "whole seconds between PT1S and PT24H")
            .describe("Longest `lease` of a leased read, and longest `delay` of a NACK (whole seconds; ADR 52).");
    static final Setting<Integer> API_MAX_DELIVERIES = integer("api.max-deliveries",
            LeaseLimits.DEFAULT_MAX_DELIVERIES)
            .check(n -> n >= 1 && n <= LeaseLimits.MOST_DELIVERIES, "between 1 and " + LeaseLimits.MOST_DELIVERIES)
            .describe("Deliveries after which an event is dead-lettered when a leased read names no `maxDeliveries`"
                    + " (ADR 52).");
    static final Setting<Integer> API_MAX_CONCURRENT_REQUESTS = integer("api.max-concurrent-requests",
            HttpSettings.DEFAULT_MAX_CONCURRENT_REQUESTS)
            .check(n -> n >= 1, "at least 1")
            .describe("API requests (`/api/…`) running at once; one more is answered `503` with `Retry-After: 1`."
                    + " Health, metrics and `/openapi` are not counted. Bounds the memory of request bodies (each up"
                    + " to `api.max-body-size`).");
    static final Setting<Integer> API_MAX_CONCURRENT_REQUESTS_PER_USER = derived(
            "api.max-concurrent-requests-per-user", Setting.Type.INTEGER, "half of `api.max-concurrent-requests`",
            configuration -> HttpSettings.defaultMaxConcurrentRequestsPerUser(
                    configuration.get(API_MAX_CONCURRENT_REQUESTS)))
            .check((n, configuration) -> n >= 1 && n <= configuration.get(API_MAX_CONCURRENT_REQUESTS),
                    "between 1 and api.max-concurrent-requests")
            .describe("Of those, the most one user's requests may hold; one more of that user is answered `429`"
                    + " with `Retry-After: 1` (ADR 42).");

    // ---- observing ----

    static final Setting<Integer> ACCESS_LOG_CLIENT_ERRORS_PER_MINUTE = integer("access-log.client-errors-per-minute",
            HttpSettings.DEFAULT_CLIENT_ERROR_LOGS_PER_MINUTE)
            .check(n -> n >= 0, "at least 0")
            .describe("Access-log lines of `400` and of `401` per client address and minute; `0` writes none of"
                    + " them.");
    static final Setting<Duration> HEALTH_REFRESH_INTERVAL = duration("health.refresh-interval",
            Duration.ofSeconds(1))
            .formerly("health.refresh-ms", ChronoUnit.MILLIS)
            .check(d -> d.toMillis() >= 100 && d.compareTo(Duration.ofMinutes(1)) <= 0, "between PT0.1S and PT1M")
            .describe("How often readiness probes the database in the background.");
    static final Setting<Integer> METRICS_LAG_SERIES_LIMIT = integer("metrics.lag-series-limit", 100)
            .check(n -> n >= 0 && n <= 10_000, "between 0 and 10000")
            .describe("How many consumer cursors (the furthest behind) get lag gauges.");
    static final Setting<Duration> METRICS_LAG_REFRESH_INTERVAL = duration("metrics.lag-refresh-interval",
            Duration.ofSeconds(15))
            .formerly("metrics.lag-refresh-ms", ChronoUnit.MILLIS)
            .check(d -> d.toMillis() >= 100, "at least PT0.1S")
            .describe("How often the lag gauges are recomputed.");

    // ---- how long events are kept (issue 25) ----

    static final Setting<Duration> RETENTION_DEFAULT_MAX_AGE = optional("retention.default-max-age",
            Setting.Type.DURATION, "unset (unlimited)")
            .check(d -> d.compareTo(Duration.ofSeconds(1)) >= 0, "at least PT1S")
            .describe("The `maxAge` of a stream without a retention of its own: events received longer ago are"
                    + " removed (see [Retention](#retention)).");
    static final Setting<Integer> RETENTION_DEFAULT_MAX_EVENTS = optional("retention.default-max-events",
            Setting.Type.INTEGER, "unset (unlimited)")
            .check(n -> n >= 1, "at least 1")
            .describe("The `maxEvents` of a stream without a retention of its own: the newest this many events of"
                    + " each event name are kept.");
    static final Setting<Duration> RETENTION_CHECK_INTERVAL = duration("retention.check-interval",
            Duration.ofMinutes(1))
            .check(d -> d.toMillis() >= 100, "at least PT0.1S")
            .describe("How often every node removes the events beyond their stream's retention, in short steps that"
                    + " publishes and reads do not wait for.");

    // ---- who may ask, and how often ----

    static final Setting<String> SECURITY_PROVIDERS = helidonSection("security.providers", "list", "demo users")
            .describe("Helidon Security providers: exactly one, `http-basic-auth`, with its `realm` and `users`"
                    + " (`login`, `password-hash` or `password`, `roles`, `grants`; see [Users and"
                    + " permissions](#users-and-permissions)).");
    static final Setting<String> SECURITY_DEFAULT_GRANTS = string("security.default-grants", "all")
            .oneOf(List.of("all", "none"))
            .describe("Grants of a user without its own: `all` (publish and consume on every stream) or `none`.");
    static final Setting<Integer> SECURITY_LOGIN_THROTTLE_MAX_FAILURES = integer(
            "security.login-throttle.max-failures", AccessSettings.DEFAULT_MAX_FAILED_LOGINS)
            .check(n -> n >= 0, "at least 0")
            .describe("Failed logins per (client address, login), and per client address with logins that do not"
                    + " exist, within `security.login-throttle.window`, after which attempts get `429` until the"
                    + " window ends; `0` turns the throttle off (see [Failed"
                    + " logins](#failed-logins-and-rate-limits)).");
    static final Setting<Duration> SECURITY_LOGIN_THROTTLE_WINDOW = duration("security.login-throttle.window",
            AccessSettings.DEFAULT_FAILED_LOGIN_WINDOW)
            .check(d -> !d.isNegative() && !d.isZero(), "positive")
            .describe("The window of the login throttle.");
    static final Setting<Integer> SECURITY_LOGIN_THROTTLE_PER_LOGIN_GLOBAL = integer(
            "security.login-throttle.per-login-global", AccessSettings.DEFAULT_PER_LOGIN_GLOBAL)
            .check(n -> n >= 1, "at least 1")
            .describe("Failed logins of one login from all addresses within the window after which only addresses"
                    + " that have not failed with it are heard.");
    static final Setting<Integer> SECURITY_PASSWORD_CHECKS_MAX_CONCURRENT = derived(
            "security.password-checks.max-concurrent", Setting.Type.INTEGER, "half the processors, at least 1",
            configuration -> AccessSettings.PasswordChecks.defaultMaxConcurrent())
            .check(n -> n >= 1, "at least 1")
            .describe("Password verifications (slow hashes) running at once; one more waits up to 5 s, then `503`.");
    static final Setting<Integer> SECURITY_PASSWORD_CHECKS_PER_LOGIN_PER_MINUTE = integer(
            "security.password-checks.per-login-per-minute", AccessSettings.PasswordChecks.DEFAULT_PER_LOGIN_PER_MINUTE)
            .check(n -> n >= 1, "at least 1")
            .describe("Password verifications of one login a minute; more: `429`.");

    static final Setting<Double> LIMITS_REQUESTS_PER_SECOND = number("limits.requests-per-second", 0)
            .check(rate -> rate >= 0 && !rate.isInfinite(), "a number >= 0")
            .describe("Each user's request rate: a token bucket per login and process (`0`: off).");
    static final Setting<Integer> LIMITS_BURST = derived("limits.burst", Setting.Type.INTEGER,
            "the rate, rounded up", configuration -> burstOf(configuration.get(LIMITS_REQUESTS_PER_SECOND)))
            .check(n -> n >= 1, "at least 1")
            .describe("The size of each user's bucket.");
    static final Setting<Double> LIMITS_USER_REQUESTS_PER_SECOND = optional(
            "limits.users.<login>.requests-per-second", Setting.Type.NUMBER, "`limits.requests-per-second`")
            .check(rate -> rate >= 0 && !rate.isInfinite(), "a number >= 0")
            .describe("The rate of one login (`0`: unlimited); also `limits:` with the same two keys on a"
                    + " configuration user.");
    static final Setting<Integer> LIMITS_USER_BURST = optional("limits.users.<login>.burst", Setting.Type.INTEGER,
            "that rate, rounded up")
            .check(n -> n >= 1, "at least 1")
            .describe("The size of that login's bucket.");

    /** Every declaration, in the order of the README's reference. */
    static final List<Setting<?>> ALL = List.of(
            SERVER_PORT, SERVER_HOST, SERVER_SHUTDOWN_GRACE_PERIOD, SERVER_SHUTDOWN_DRAIN_PERIOD,
            SERVER_REQUEST_HEADER_TIMEOUT, SERVER_REQUEST_BODY_TIMEOUT, SERVER_IDLE_CONNECTION_TIMEOUT,
            SERVER_IDLE_CONNECTION_PERIOD, SERVER_MAX_CONNECTIONS, SERVER_TLS,
            STORAGE_KIND,
            DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE, DB_CONNECTION_TIMEOUT, DB_STATEMENT_TIMEOUT,
            DB_EMBEDDED_DATA_DIR,
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS, KAFKA_TOPIC_PREFIX,
            KAFKA_APPEND_TIMEOUT, KAFKA_CLIENT, KAFKA_PRODUCER,
            API_MAX_BODY_SIZE, API_MAX_BATCH_SIZE, API_MAX_BATCH_BODY_SIZE, API_MAX_WAIT, API_MAX_WAITING,
            API_MAX_LIMIT, API_MAX_EVENT_NAMES, API_MAX_JSON_DEPTH, API_MAX_SCAN, API_MAX_SCHEMA_SIZE,
            API_MAX_LEASE, API_MAX_DELIVERIES, API_MAX_CONCURRENT_REQUESTS,
            API_MAX_CONCURRENT_REQUESTS_PER_USER,
            ACCESS_LOG_CLIENT_ERRORS_PER_MINUTE, HEALTH_REFRESH_INTERVAL, METRICS_LAG_SERIES_LIMIT,
            METRICS_LAG_REFRESH_INTERVAL,
            RETENTION_DEFAULT_MAX_AGE, RETENTION_DEFAULT_MAX_EVENTS, RETENTION_CHECK_INTERVAL,
            SECURITY_PROVIDERS, SECURITY_DEFAULT_GRANTS, SECURITY_LOGIN_THROTTLE_MAX_FAILURES,
            SECURITY_LOGIN_THROTTLE_WINDOW, SECURITY_LOGIN_THROTTLE_PER_LOGIN_GLOBAL,
            SECURITY_PASSWORD_CHECKS_MAX_CONCURRENT, SECURITY_PASSWORD_CHECKS_PER_LOGIN_PER_MINUTE,
            LIMITS_REQUESTS_PER_SECOND, LIMITS_BURST, LIMITS_USER_REQUESTS_PER_SECOND, LIMITS_USER_BURST);

    /**
     * Sections whose every key is ours, so that a key there that no declaration knows is a misspelling. The
     * {@code server} section is Helidon's listener configuration, of which we declare only what we set or add.
     */
    static List<String> checkedSections() {
        return ALL.stream().map(Setting::section).distinct().filter(section -> !section.equals("server")).toList();
    }

    /** A token bucket's default size: its rate rounded up, at least 1. */
    static int burstOf(double requestsPerSecond) {
        return Math.max(1, (int) Math.ceil(requestsPerSecond));
    }

    /** The defaults of what Helidon reads itself, as the lowest-priority source of its configuration. */
    static Map<String, String> helidonDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Setting<?> setting : ALL) {
            if (setting.owner() == Setting.Owner.HELIDON) {
                defaults.put(setting.key(), shownValue(setting).orElseThrow());
            }
        }
        return defaults;
    }

    private static <T> java.util.Optional<String> shownValue(Setting<T> setting) {
        return setting.fallback().value().map(setting.type().show());
    }

    /**
     * The README's configuration reference: a Markdown table of every declaration, with its type, default and
     * description; a renamed duration names its former spelling.
     */
    static String reference() {
        StringBuilder table = new StringBuilder("| key | type | default | allowed | description |\n"
                + "|---|---|---|---|---|\n");
        for (Setting<?> setting : ALL) {
            table.append("| `").append(setting.key()).append("` | ").append(setting.type().name()).append(" | ")
                    .append(shownDefault(setting)).append(" | ").append(setting.check().expectation()).append(" | ")
                    .append(setting.description());
            setting.former().ifPresent(former -> table.append(former.key().equals(setting.key())
                    ? " A bare number of " + former.unitName() + " (the former spelling) is still read, with a"
                    + " warning."
                    : " Formerly `" + former.key() + "` (" + former.unitName() + "), still read with a warning."));
            table.append(" |\n");
        }
        return table.toString();
    }

    private static <T> String shownDefault(Setting<T> setting) {
        return setting.fallback().value()
                .map(value -> {
                    String shown = setting.type().show().apply(value);
                    return shown.isEmpty() ? "empty" : "`" + shown + "`";
                })
                .orElse(setting.fallback().shown());
    }
}

package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.eventserver.adapters.http.AccessSettings;
import io.eventserver.adapters.http.EdgeSettings;
import io.eventserver.adapters.http.HttpSettings;
import io.eventserver.adapters.postgres.PoolSettings;
import io.eventserver.application.port.in.LeaseLimits;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.EnvironmentVariables;
import org.junit.jupiter.api.Test;

/**
 * Reading the configuration by the declarations of {@link SettingsTable} (ADR 54): the defaults of before, ISO-8601
 * durations under their new keys, the former spellings still read with a warning naming the key to write, and the
 * same through environment variables.
 */
class ConfigurationTest {

    /** Only {@code values} (as system properties or a file would give them), no environment. */
    private static Configuration with(Map<String, String> values) {
        return Configuration.from(Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values)));
    }

    /** {@code variables} as the process environment, mapped as Helidon maps it ({@code _DASH_}, {@code _}). */
    private static Configuration withEnvironment(Map<String, String> variables) {
        return with(EnvironmentVariables.expand(variables));
    }

    @Test
    void theDefaultsAreThoseOfBefore() {
        Configuration defaults = with(Map.of());

        assertEquals(new PoolSettings(10, Duration.ofSeconds(5), Duration.ofSeconds(5)), defaults.pool());
        assertEquals(Duration.ofSeconds(1), defaults.get(SettingsTable.HEALTH_REFRESH_INTERVAL));
        assertEquals(Duration.ofSeconds(15), defaults.get(SettingsTable.METRICS_LAG_REFRESH_INTERVAL));
        assertEquals(100, defaults.get(SettingsTable.METRICS_LAG_SERIES_LIMIT));
        assertEquals(Duration.ofSeconds(2), defaults.get(SettingsTable.SERVER_SHUTDOWN_DRAIN_PERIOD));
        assertEquals("postgres", defaults.storageKind());
        assertEquals(10_000, defaults.maxEventNames());
        HttpSettings http = defaults.http();
        assertEquals(List.of(1_048_576, 64, 128, 64, 20, 1000), List.of(http.maxBodyBytes(), http.maxJsonDepth(),
                http.maxConcurrentRequests(), http.maxConcurrentRequestsPerUser(), http.clientErrorLogsPerMinute(),
                http.maxLimit()));
        assertEquals(new HttpSettings.Batches(1000, 16 * 1024 * 1024), http.batch());
        assertEquals(new HttpSettings.Waiting(30, 10_000), http.waiting());
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(30)),
                List.of(http.edge().headerTimeout(), http.edge().bodyTimeout()));
        assertEquals(AccessSettings.defaults(), http.access());
        assertEquals(Map.of("port", "8080", "host", "0.0.0.0", "shutdown-grace-period", "PT10S",
                "idle-connection-timeout", "PT1M", "idle-connection-period", "PT1S"),
                defaults.server().asMap().orElseThrow().entrySet().stream().collect(java.util.stream.Collectors
                        .toMap(entry -> entry.getKey().substring("server.".length()), Map.Entry::getValue)),
                "what Helidon reads itself reaches it from the table");
        assertEquals(List.of(), defaults.oldSpellings());
    }

    @Test
    void durationsAreIso8601UnderTheirNewKeys() {
        Configuration configuration = with(Map.of("db.connection-timeout", "PT1.5S", "db.statement-timeout", "PT2S",
                "health.refresh-interval", "PT0.5S", "metrics.lag-refresh-interval", "PT1M", "api.max-wait",
                "PT45S"));

        assertEquals(new PoolSettings(10, Duration.ofMillis(1500), Duration.ofSeconds(2)), configuration.pool());
        assertEquals(Duration.ofMillis(500), configuration.get(SettingsTable.HEALTH_REFRESH_INTERVAL));
        assertEquals(Duration.ofMinutes(1), configuration.get(SettingsTable.METRICS_LAG_REFRESH_INTERVAL));
        assertEquals(45, configuration.http().waiting().maxWaitSeconds());
        assertEquals(List.of(), configuration.oldSpellings());
        assertEquals(List.of(), configuration.unknownKeys());
    }

    @Test
    void theFormerSpellingsStillWorkWithAWarningNamingTheKeyToWrite() {
        Configuration configuration = with(Map.of("db.connection-timeout-ms", "1500", "db.statement-timeout-ms",
                "2000", "health.refresh-ms", "500", "metrics.lag-refresh-ms", "60000", "api.max-wait", "45"));

        assertEquals(new PoolSettings(10, Duration.ofMillis(1500), Duration.ofSeconds(2)), configuration.pool());
        assertEquals(Duration.ofMillis(500), configuration.get(SettingsTable.HEALTH_REFRESH_INTERVAL));
        assertEquals(Duration.ofMinutes(1), configuration.get(SettingsTable.METRICS_LAG_REFRESH_INTERVAL));
        assertEquals(45, configuration.http().waiting().maxWaitSeconds());
        assertEquals(List.of(
                "db.connection-timeout-ms is the former spelling of db.connection-timeout; write"
                        + " db.connection-timeout: PT1.5S",
                "db.statement-timeout-ms is the former spelling of db.statement-timeout; write"
                        + " db.statement-timeout: PT2S",
                "api.max-wait: a bare number of seconds (45) is the former spelling; write api.max-wait: PT45S",
                "health.refresh-ms is the former spelling of health.refresh-interval; write"
                        + " health.refresh-interval: PT0.5S",
                "metrics.lag-refresh-ms is the former spelling of metrics.lag-refresh-interval; write"
                        + " metrics.lag-refresh-interval: PT1M"),
                configuration.oldSpellings());
        assertEquals(List.of(), configuration.unknownKeys(), "a former spelling is no misspelling");
    }

    @Test
    void environmentVariablesWorkInBothSpellings() {
        Configuration current = withEnvironment(Map.of("HEALTH_REFRESH_DASH_INTERVAL", "PT0.25S",
                "DB_CONNECTION_DASH_TIMEOUT", "PT2S", "API_MAX_DASH_WAIT", "PT10S", "DB_POOL_DASH_SIZE", "3",
                "SERVER_PORT", "9091"));
        Configuration former = withEnvironment(Map.of("HEALTH_REFRESH_DASH_MS", "250",
                "DB_CONNECTION_DASH_TIMEOUT_DASH_MS", "2000", "API_MAX_DASH_WAIT", "10", "DB_POOL_DASH_SIZE", "3",
                "SERVER_PORT", "9091"));

        for (Configuration configuration : List.of(current, former)) {
            assertEquals(Duration.ofMillis(250), configuration.get(SettingsTable.HEALTH_REFRESH_INTERVAL));
            assertEquals(new PoolSettings(3, Duration.ofSeconds(2), Duration.ofSeconds(5)), configuration.pool());
            assertEquals(10, configuration.http().waiting().maxWaitSeconds());
            assertEquals(9091, configuration.get(SettingsTable.SERVER_PORT));
            assertEquals("9091", configuration.server().get("port").asString().get(), "as Helidon reads it");
        }
        assertEquals(List.of(), current.oldSpellings());
        assertEquals(3, former.oldSpellings().size(), String.join("\n", former.oldSpellings()));
    }

    @Test
    void whenBothSpellingsAreSetTheNewOneWinsAndTheFormerIsNamedAsIgnored() {
        Configuration configuration = with(Map.of("health.refresh-ms", "500", "health.refresh-interval", "PT2S"));

        assertEquals(Duration.ofSeconds(2), configuration.get(SettingsTable.HEALTH_REFRESH_INTERVAL));
        assertEquals(List.of("health.refresh-ms is the former spelling of health.refresh-interval, which is set too;"
                + " health.refresh-ms is ignored"), configuration.oldSpellings());
    }

    @Test
    void aRefusalNamesTheKeyWhatItMustBeAndTheSpellingItWasGivenIn() {
        assertEquals("health.refresh-interval must be an ISO-8601 duration such as PT10S, not \"1000\"",
                refusal(Map.of("health.refresh-interval", "1000"), SettingsTable.HEALTH_REFRESH_INTERVAL));
        assertEquals("health.refresh-interval must be between PT0.1S and PT1M",
                refusal(Map.of("health.refresh-interval", "PT0.05S"), SettingsTable.HEALTH_REFRESH_INTERVAL));
        assertEquals("health.refresh-interval must be between PT0.1S and PT1M (given as health.refresh-ms)",
                refusal(Map.of("health.refresh-ms", "50"), SettingsTable.HEALTH_REFRESH_INTERVAL));
        assertEquals("health.refresh-ms must be an integer (milliseconds), not \"1s\"",
                refusal(Map.of("health.refresh-ms", "1s"), SettingsTable.HEALTH_REFRESH_INTERVAL));
        assertEquals("api.max-wait must be whole seconds between PT0S and PT1H",
                refusal(Map.of("api.max-wait", "PT1.5S"), SettingsTable.API_MAX_WAIT));
        assertEquals("api.max-wait must be whole seconds between PT0S and PT1H",
                refusal(Map.of("api.max-wait", "3601"), SettingsTable.API_MAX_WAIT));
        assertEquals("security.default-grants must be one of all, none, not some",
                refusal(Map.of("security.default-grants", "some"), SettingsTable.SECURITY_DEFAULT_GRANTS));
        assertEquals("api.max-concurrent-requests-per-user must be between 1 and api.max-concurrent-requests",
                refusal(Map.of("api.max-concurrent-requests", "10", "api.max-concurrent-requests-per-user", "11"),
                        SettingsTable.API_MAX_CONCURRENT_REQUESTS_PER_USER));
        assertEquals("limits.users.carol.burst must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> with(Map.of("limits.users.carol.burst", "0"))
                        .access()).getMessage());
    }

    @Test
    void derivedDefaultsFollowWhatTheyDeriveFrom() {
        Configuration configuration = with(Map.of("api.max-concurrent-requests", "10", "limits.requests-per-second",
                "2.5", "limits.users.carol.requests-per-second", "7.2"));

        assertEquals(5, configuration.http().maxConcurrentRequestsPerUser());
        AccessSettings access = configuration.access();
        assertEquals(new AccessSettings.RateLimit(2.5, 3), access.rateLimit().orElseThrow());
        assertEquals(new AccessSettings.RateLimit(7.2, 8), access.userRateLimits().get("carol"));
        assertEquals(EdgeSettings.DEFAULT_HEADER_TIMEOUT, configuration.edge().headerTimeout());
        assertEquals(List.of(), configuration.unknownKeys(), "limits.users.<login>.* are known");
    }

    /** ADR 53: the bounds of leased reads; api.max-lease also in the bare seconds, as api.max-wait. */
    @Test
    void theLeaseSettingsTakeADurationOrBareSecondsAndRefuseWhatCannotBe() {
        assertEquals(new LeaseLimits(600, 5), with(Map.of()).leaseLimits());
        Configuration iso = with(Map.of("api.max-lease", "PT90S", "api.max-deliveries", "3"));
        assertEquals(new LeaseLimits(90, 3), iso.leaseLimits());
        assertEquals(List.of(), iso.oldSpellings());
        assertEquals(List.of(), iso.unknownKeys());
        Configuration bare = with(Map.of("api.max-lease", "90"));
        assertEquals(new LeaseLimits(90, 5), bare.leaseLimits());
        assertEquals(List.of("api.max-lease: a bare number of seconds (90) is the former spelling; write"
                + " api.max-lease: PT1M30S"), bare.oldSpellings());
        assertEquals(new LeaseLimits(120, 7), withEnvironment(Map.of("API_MAX_DASH_LEASE", "PT2M",
                "API_MAX_DASH_DELIVERIES", "7")).leaseLimits());

        for (String refused : List.of("PT0S", "PT1.5S", "PT24H1S", "86401", "0")) {
            assertEquals("api.max-lease must be whole seconds between PT1S and PT24H",
                    refusal(Map.of("api.max-lease", refused), SettingsTable.API_MAX_LEASE), refused);
        }
        for (String refused : List.of("0", "101")) {
            assertEquals("api.max-deliveries must be between 1 and 100",
                    refusal(Map.of("api.max-deliveries", refused), SettingsTable.API_MAX_DELIVERIES), refused);
        }
    }

    private static String refusal(Map<String, String> values, Setting<?> setting) {
        return assertThrows(IllegalArgumentException.class, () -> with(values).get(setting)).getMessage();
    }
}

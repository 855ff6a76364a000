package io.eventserver.bootstrap;

import java.util.List;

import io.eventserver.adapters.postgres.PostgresPersistence;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The checks behind {@code /observe/health}: liveness ({@code /observe/health/live}) says the process is up and
 * answering; readiness ({@code /observe/health/ready}) says it can serve, i.e. the database answers within two
 * seconds and has no pending migrations. A failed readiness check answers 503.
 */
final class HealthChecks {

    private static final int DATABASE_TIMEOUT_SECONDS = 2;

    private HealthChecks() {
    }

    static List<HealthCheck> of(PostgresPersistence persistence) {
        return List.of(
                check("process", HealthCheckType.LIVENESS, () -> true),
                check("database", HealthCheckType.READINESS, () -> persistence.isReachable(DATABASE_TIMEOUT_SECONDS)),
                // an unreachable database makes pendingMigrations throw, which counts as down
                check("migrations", HealthCheckType.READINESS, () -> persistence.pendingMigrations() == 0));
    }

    private interface Probe {
        boolean up();
    }

    private static HealthCheck check(String name, HealthCheckType type, Probe probe) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckType type() {
                return type;
            }

            @Override
            public HealthCheckResponse call() {
                boolean up;
                try {
                    up = probe.up();
                } catch (RuntimeException e) {
                    up = false;
                }
                return HealthCheckResponse.builder().status(up).build();
            }
        };
    }
}

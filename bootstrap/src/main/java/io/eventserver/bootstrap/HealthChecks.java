package io.eventserver.bootstrap;

import java.util.List;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The checks behind {@code /observe/health}: liveness ({@code /observe/health/live}) says the process is up and
 * answering, and touches nothing; readiness ({@code /observe/health/ready}) says it can serve: the HTTP listener
 * accepts connections, the database answered the last background probe (within two seconds, on a connection of
 * its own) and has no pending migrations. Readiness reads {@link Readiness}, never the database. A failed
 * readiness check answers 503.
 */
final class HealthChecks {

    private HealthChecks() {
    }

    static List<HealthCheck> of(Readiness readiness) {
        return List.of(
                check("process", HealthCheckType.LIVENESS, () -> true),
                check("listener", HealthCheckType.READINESS, readiness::listening),
                check("database", HealthCheckType.READINESS, readiness::database),
                check("migrations", HealthCheckType.READINESS, readiness::migrated));
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

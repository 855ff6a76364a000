package io.eventserver.bootstrap;

import java.util.ArrayList;
import java.util.List;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The checks behind {@code /observe/health}: liveness ({@code /observe/health/live}) says the process is up and
 * answering, and touches nothing; readiness ({@code /observe/health/ready}) says it can serve: the HTTP listener
 * accepts connections and the storage engine's probes passed when last run in the background (for PostgreSQL:
 * {@code database}, reachable within two seconds on a connection of its own, and {@code migrations}, none
 * pending). Readiness reads {@link Readiness}, never the storage. A failed readiness check answers 503.
 */
final class HealthChecks {

    private HealthChecks() {
    }

    static List<HealthCheck> of(Readiness readiness) {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(check("process", HealthCheckType.LIVENESS, () -> true));
        for (String name : readiness.names()) {
            checks.add(check(name, HealthCheckType.READINESS, () -> readiness.isUp(name)));
        }
        return checks;
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

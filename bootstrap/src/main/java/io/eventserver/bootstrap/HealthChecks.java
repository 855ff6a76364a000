package io.eventserver.bootstrap;

import java.util.ArrayList;
import java.util.List;

import io.eventserver.adapters.http.HealthCheck;
import io.eventserver.adapters.http.HealthCheck.Kind;

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
        checks.add(new HealthCheck("process", Kind.LIVENESS, () -> true));
        for (String name : readiness.names()) {
            checks.add(new HealthCheck(name, Kind.READINESS, () -> readiness.isUp(name)));
        }
        return checks;
    }
}

package io.eventserver.bootstrap;

import io.eventserver.adapters.postgres.PostgresPersistence;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Up when the database answers within two seconds; {@code /observe/health} then answers 200, otherwise 503. */
final class DatabaseHealthCheck implements HealthCheck {

    private static final int TIMEOUT_SECONDS = 2;

    private final PostgresPersistence persistence;

    DatabaseHealthCheck(PostgresPersistence persistence) {
        this.persistence = persistence;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.builder()
                .status(persistence.isReachable(TIMEOUT_SECONDS))
                .build();
    }
}

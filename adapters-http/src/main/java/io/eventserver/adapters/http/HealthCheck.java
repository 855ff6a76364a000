package io.eventserver.adapters.http;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One check {@code /observe/health} answers with: its name, when it applies, and whether it passes now
 * ({@code up} must be cheap: it runs on every health request; one that throws counts as down).
 */
public record HealthCheck(String name, Kind kind, BooleanSupplier up) {

    /** When a check applies: the path segment under {@code /observe/health} that selects it. */
    public enum Kind {
        LIVENESS("live"), READINESS("ready"), STARTUP("started");

        private final String segment;

        Kind(String segment) {
            this.segment = segment;
        }

        public String segment() {
            return segment;
        }

        public static Optional<Kind> ofSegment(String segment) {
            for (Kind kind : values()) {
                if (kind.segment.equals(segment)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    public HealthCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(up, "up");
    }

    /** Whether the check passes now. */
    public boolean passes() {
        try {
            return up.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}

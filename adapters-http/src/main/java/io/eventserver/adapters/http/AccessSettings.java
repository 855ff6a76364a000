package io.eventserver.adapters.http;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may ask how often.
 *
 * @param realm             the HTTP Basic realm named in {@code WWW-Authenticate}
 * @param maxFailedLogins   failed logins per login, and per client address, within {@code failedLoginWindow}
 *                          after which attempts are answered 429 until the window ends; 0 turns this off
 * @param rateLimit         every user's request rate limit; empty: none
 * @param userRateLimits    per-login limits that replace {@code rateLimit} (requests-per-second 0: none)
 */
public record AccessSettings(String realm, int maxFailedLogins, Duration failedLoginWindow,
                             Optional<RateLimit> rateLimit, Map<String, RateLimit> userRateLimits) {

    public static final int DEFAULT_MAX_FAILED_LOGINS = 10;
    public static final Duration DEFAULT_FAILED_LOGIN_WINDOW = Duration.ofMinutes(1);

    public AccessSettings {
        if (realm == null || realm.isBlank() || realm.contains("\"")) {
            throw new IllegalArgumentException("the realm must be a non-empty string without quotes");
        }
        if (maxFailedLogins < 0) {
            throw new IllegalArgumentException("security.login-throttle.max-failures must not be negative");
        }
        if (failedLoginWindow.isNegative() || failedLoginWindow.isZero()) {
            throw new IllegalArgumentException("security.login-throttle.window must be positive");
        }
        Objects.requireNonNull(rateLimit, "rateLimit");
        userRateLimits = Map.copyOf(userRateLimits);
    }

    /** Realm {@code eventserver}, 10 failed logins a minute, no rate limits. */
    public static AccessSettings defaults() {
        return new AccessSettings("eventserver", DEFAULT_MAX_FAILED_LOGINS, DEFAULT_FAILED_LOGIN_WINDOW,
                Optional.empty(), Map.of());
    }

    /**
     * A token bucket: up to {@code burst} requests at once, refilled at {@code requestsPerSecond}.
     * {@code requestsPerSecond} 0 means no limit (for a per-user override).
     */
    public record RateLimit(double requestsPerSecond, int burst) {
        public RateLimit {
            if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("limits: requests-per-second must be a number >= 0");
            }
            if (burst < 1) {
                throw new IllegalArgumentException("limits: burst must be at least 1");
            }
        }

        public boolean limits() {
            return requestsPerSecond > 0;
        }
    }
}

package io.eventserver.adapters.http;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may ask how often.
 *
 * @param realm             the HTTP Basic realm named in {@code WWW-Authenticate}
 * @param maxFailedLogins   failed logins per (client address, login), and per client address with logins that do
 *                          not exist, within {@code failedLoginWindow} after which attempts are answered 429 until
 *                          the window ends; 0 turns the login throttle off
 * @param perLoginGlobal    failed logins of one login from all addresses within {@code failedLoginWindow} after
 *                          which only addresses that have not failed with that login are heard
 * @param passwordChecks    how many password verifications (each a slow hash) may run at once and per login
 * @param rateLimit         every user's request rate limit; empty: none
 * @param userRateLimits    per-login limits that replace {@code rateLimit} (requests-per-second 0: none)
 */
public record AccessSettings(String realm, int maxFailedLogins, Duration failedLoginWindow, int perLoginGlobal,
                             PasswordChecks passwordChecks, Optional<RateLimit> rateLimit,
                             Map<String, RateLimit> userRateLimits) {

    public static final int DEFAULT_MAX_FAILED_LOGINS = 10;
    public static final Duration DEFAULT_FAILED_LOGIN_WINDOW = Duration.ofMinutes(1);
    public static final int DEFAULT_PER_LOGIN_GLOBAL = 100;

    public AccessSettings {
        if (realm == null || realm.isBlank() || realm.contains("\"")) {
            throw new IllegalArgumentException("the realm must be a non-empty string without quotes");
        }
        if (maxFailedLogins < 0) {
            throw new IllegalArgumentException("the failed logins must not be negative");
        }
        if (failedLoginWindow.isNegative() || failedLoginWindow.isZero()) {
            throw new IllegalArgumentException("the failed-login window must be positive");
        }
        if (perLoginGlobal < 1) {
            throw new IllegalArgumentException("the failed logins of one login must be at least 1");
        }
        Objects.requireNonNull(passwordChecks, "passwordChecks");
        Objects.requireNonNull(rateLimit, "rateLimit");
        userRateLimits = Map.copyOf(userRateLimits);
    }

    /** Realm {@code eventserver}, 10 failed logins a minute (100 per login), default password checks, no limits. */
    public static AccessSettings defaults() {
        return new AccessSettings("eventserver", DEFAULT_MAX_FAILED_LOGINS, DEFAULT_FAILED_LOGIN_WINDOW,
                DEFAULT_PER_LOGIN_GLOBAL, PasswordChecks.defaults(), Optional.empty(), Map.of());
    }

    /**
     * Password verifications, each a deliberately slow hash (ADR 27, 42): at most {@code maxConcurrent} at once
     * (more wait up to {@link #MAX_WAIT}, then 503) and at most {@code perLoginPerMinute} of one login a minute
     * (more: 429), both decided before hashing.
     */
    public record PasswordChecks(int maxConcurrent, int perLoginPerMinute) {

        public static final int DEFAULT_PER_LOGIN_PER_MINUTE = 200;
        public static final Duration MAX_WAIT = Duration.ofSeconds(5);

        public PasswordChecks {
            if (maxConcurrent < 1 || perLoginPerMinute < 1) {
                throw new IllegalArgumentException("password checks at once and per login must be at least 1");
            }
        }

        /** Half the processors (at least one) at once, so that hashing never takes every core from requests. */
        public static int defaultMaxConcurrent() {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }

        public static PasswordChecks defaults() {
            return new PasswordChecks(defaultMaxConcurrent(), DEFAULT_PER_LOGIN_PER_MINUTE);
        }
    }

    /**
     * A token bucket: up to {@code burst} requests at once, refilled at {@code requestsPerSecond}.
     * {@code requestsPerSecond} 0 means no limit (for a per-user override).
     */
    public record RateLimit(double requestsPerSecond, int burst) {
        public RateLimit {
            if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("a rate must be a number >= 0");
            }
            if (burst < 1) {
                throw new IllegalArgumentException("a burst must be at least 1");
            }
        }

        public boolean limits() {
            return requestsPerSecond > 0;
        }
    }
}

package io.eventserver.adapters.http.security;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.eventserver.adapters.http.AccessSettings.RateLimit;

/**
 * Request rate limits per user (ADR 29): a token bucket per login that holds up to {@code burst} tokens and
 * refills at {@code requests-per-second}; a request takes one token or is refused with the seconds until one is
 * there. Per process: behind a load balancer with n nodes a user may get up to n times its rate.
 */
final class RateLimits {

    private static final class Bucket {
        private final RateLimit limit;
        private double tokens;
        private long refilledNanos;

        Bucket(RateLimit limit, long now) {
            this.limit = limit;
            this.tokens = limit.burst();
            this.refilledNanos = now;
        }

        /** 0 when a token was taken, else the seconds until one is there. */
        synchronized long take(long now) {
            tokens = Math.min(limit.burst(), tokens + (now - refilledNanos) / 1e9 * limit.requestsPerSecond());
            refilledNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / limit.requestsPerSecond()));
        }
    }

    private final Optional<RateLimit> everyone;
    private final Map<String, RateLimit> perUser;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimits(Optional<RateLimit> everyone, Map<String, RateLimit> perUser) {
        this.everyone = everyone;
        this.perUser = Map.copyOf(perUser);
    }

    /** The limit that applies to {@code login}; empty when it is not limited. */
    Optional<RateLimit> limitOf(String login) {
        RateLimit own = perUser.get(login);
        return own != null ? Optional.of(own).filter(RateLimit::limits) : everyone;
    }

    /** 0 when the request may go ahead, else the seconds the user should wait. */
    long retryAfterSeconds(String login) {
        Optional<RateLimit> limit = limitOf(login);
        if (limit.isEmpty()) {
            return 0;
        }
        long now = System.nanoTime();
        return buckets.computeIfAbsent(login, ignored -> new Bucket(limit.get(), now)).take(now);
    }
}

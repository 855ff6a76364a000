package io.eventserver.adapters.http.security;

import java.util.List;

import io.eventserver.adapters.http.AccessSettings;
import io.eventserver.adapters.http.errors.ErrorWriter;
import io.helidon.http.Status;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Each authenticated user's request rate (ADR 29), after {@link BasicAuthenticationFilter}: over the limit, 429
 * with {@code Retry-After}, counted per user in {@code eventserver_http_rate_limited_total}. Public paths have no
 * caller and are not limited.
 */
public final class RateLimitFilter implements Filter {

    private final RateLimits limits;
    private final MeterRegistry metrics;

    public RateLimitFilter(AccessSettings settings, MeterRegistry metrics) {
        this.limits = new RateLimits(settings.rateLimit(), settings.userRateLimits());
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Caller caller = req.context().get(Caller.class).orElse(null);
        long retryAfter = caller == null ? 0 : limits.retryAfterSeconds(caller.name());
        if (retryAfter > 0) {
            metrics.getOrCreate(Counter.builder("eventserver.http.rate.limited")
                    .description("Requests refused with 429 by the user's rate limit")
                    .tags(List.of(Tag.create("user", caller.name())))).increment();
            tooManyRequests(res, retryAfter, "rate limit of " + limits.limitOf(caller.name()).orElseThrow()
                    .requestsPerSecond() + " requests per second exceeded for user " + caller.name());
            return;
        }
        chain.proceed();
    }

    static void tooManyRequests(RoutingResponse res, long retryAfterSeconds, String why) {
        ErrorWriter.send(res, Status.TOO_MANY_REQUESTS_429, "Too Many Requests - " + why, retryAfterSeconds);
    }
}

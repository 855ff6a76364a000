package io.eventserver.adapters.http.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventserver.adapters.http.errors.ErrorWriter;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * At most {@code api.max-concurrent-requests} API requests run at once; one more is answered at once with
 * {@code 503 "Service Unavailable - too many concurrent requests"} and {@code Retry-After: 1}, and its connection is
 * kept. It bounds the memory that request bodies can take (each up to {@code api.max-body-size}). Health, metrics and
 * OpenAPI are not counted, so that a flood of probes cannot take the API's places (and the reverse). Helidon's own
 * {@code server.max-concurrent-requests} would count them all and close the connection on refusal.
 * <p>
 * Of those places one user holds at most {@code api.max-concurrent-requests-per-user} (ADR 42): one more request
 * of that user is answered {@code 429 "Too Many Requests - too many concurrent requests for user alice"} with
 * {@code Retry-After: 1}, so that one user — say one trickling bodies at a byte a second — cannot take every place
 * from the others. A place is taken before the body is read, since it is what bounds the bodies' memory. Per
 * request: a map look-up and two atomic operations for the user, one for the total; no lock, no allocation but the
 * place itself.
 */
public final class ConcurrencyLimit implements Filter {

    private final Semaphore permits;
    private final int perUser;
    /** Places held per login; an entry per user that ever made an API request (bounded by the users). */
    private final Map<String, AtomicInteger> byUser = new ConcurrentHashMap<>();

    public ConcurrencyLimit(int maxConcurrentRequests, int maxConcurrentRequestsPerUser) {
        this.permits = new Semaphore(maxConcurrentRequests);
        this.perUser = maxConcurrentRequestsPerUser;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!req.prologue().uriPath().path().startsWith("/api/")) {
            chain.proceed();
            return;
        }
        // every API path is authenticated first; without a caller (never here) only the total counts
        Caller caller = req.context().get(Caller.class).orElse(null);
        AtomicInteger ofUser = caller == null ? null : ofUser(caller.name());
        if (ofUser != null && ofUser.incrementAndGet() > perUser) {
            ofUser.decrementAndGet();
            ErrorWriter.send(res, Status.TOO_MANY_REQUESTS_429,
                    "Too Many Requests - too many concurrent requests for user " + caller.name(), 1);
            return;
        }
        if (!permits.tryAcquire()) {
            if (ofUser != null) {
                ofUser.decrementAndGet();
            }
            ErrorWriter.send(res, Status.SERVICE_UNAVAILABLE_503, "Service Unavailable - too many concurrent requests", 1);
            return;
        }
        Place place = new Place(permits, ofUser);
        req.context().register(place);
        try {
            chain.proceed();
        } finally {
            place.leave();
        }
    }

    private AtomicInteger ofUser(String login) {
        AtomicInteger places = byUser.get(login);
        return places != null ? places : byUser.computeIfAbsent(login, ignored -> new AtomicInteger());
    }

    /**
     * Gives the request's place back before it ends, for a request that is about to wait (a long-poll consume) and
     * is bounded by another limit meanwhile. Does nothing for a request that has no place.
     */
    public static void leave(ServerRequest req) {
        req.context().get(Place.class).ifPresent(Place::leave);
    }

    /** A request's place, in the total and its user's share: given back once, whoever gives it back first. */
    private static final class Place {
        private final Semaphore permits;
        private final AtomicInteger ofUser;
        private final AtomicBoolean left = new AtomicBoolean();

        Place(Semaphore permits, AtomicInteger ofUser) {
            this.permits = permits;
            this.ofUser = ofUser;
        }

        void leave() {
            if (left.compareAndSet(false, true)) {
                permits.release();
                if (ofUser != null) {
                    ofUser.decrementAndGet();
                }
            }
        }
    }
}

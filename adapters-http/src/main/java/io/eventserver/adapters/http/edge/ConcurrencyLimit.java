package io.eventserver.adapters.http.edge;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.eventserver.adapters.http.protocol.JsonResponses;
import io.helidon.http.HeaderNames;
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
 */
public final class ConcurrencyLimit implements Filter {

    private final Semaphore permits;

    public ConcurrencyLimit(int maxConcurrentRequests) {
        this.permits = new Semaphore(maxConcurrentRequests);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!req.prologue().uriPath().path().startsWith("/api/")) {
            chain.proceed();
            return;
        }
        if (!permits.tryAcquire()) {
            res.header(HeaderNames.RETRY_AFTER, "1");
            JsonResponses.sendString(res, Status.SERVICE_UNAVAILABLE_503,
                    "Service Unavailable - too many concurrent requests");
            return;
        }
        Place place = new Place(permits);
        req.context().register(place);
        try {
            chain.proceed();
        } finally {
            place.leave();
        }
    }

    /**
     * Gives the request's place back before it ends, for a request that is about to wait (a long-poll consume) and
     * is bounded by another limit meanwhile. Does nothing for a request that has no place.
     */
    public static void leave(ServerRequest req) {
        req.context().get(Place.class).ifPresent(Place::leave);
    }

    /** A request's place: given back once, whoever gives it back first. */
    private static final class Place {
        private final Semaphore permits;
        private final AtomicBoolean left = new AtomicBoolean();

        Place(Semaphore permits) {
            this.permits = permits;
        }

        void leave() {
            if (left.compareAndSet(false, true)) {
                permits.release();
            }
        }
    }
}

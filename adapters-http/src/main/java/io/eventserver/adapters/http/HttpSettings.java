package io.eventserver.adapters.http;

/**
 * Limits of the HTTP API. What an operator may configure is checked where the configuration is read; these
 * records refuse only what the adapter cannot run with.
 *
 * @param maxBodyBytes  largest accepted request body; larger ones answer 413
 * @param maxJsonDepth  deepest accepted nesting of JSON objects and arrays in a published document
 * @param access        authentication, login throttling and rate limits
 * @param maxConcurrentRequests API requests that may run at once; one more is answered 503
 * @param edge          time-outs and connection limits at the edge (ADR 18)
 * @param maxLimit      the largest {@code limit} of a consume, as {@code /openapi} tells clients
 * @param batch         how large a batch publish may be (ADR 33)
 * @param waiting       how long and how many consumers may wait for events (ADR 34)
 * @param clientErrorLogsPerMinute access-log lines of 400 and of 401 per client address and minute; the rest are
 *                      counted, not written
 * @param maxConcurrentRequestsPerUser API requests of one user that may run at once (of
 *                      {@code maxConcurrentRequests}); one more of that user is answered 429 (ADR 42)
 */
public record HttpSettings(int maxBodyBytes, int maxJsonDepth, AccessSettings access, int maxConcurrentRequests,
                           EdgeSettings edge, int clientErrorLogsPerMinute, int maxLimit, Batches batch,
                           Waiting waiting, int maxConcurrentRequestsPerUser) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_JSON_DEPTH = 64;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 128;
    public static final int DEFAULT_CLIENT_ERROR_LOGS_PER_MINUTE = 20;

    public HttpSettings {
        if (maxBodyBytes < 1 || maxJsonDepth < 1 || maxConcurrentRequests < 1 || maxLimit < 1) {
            throw new IllegalArgumentException("the body size, JSON depth, requests at once and limit must be"
                    + " positive");
        }
        if (maxConcurrentRequestsPerUser < 1 || maxConcurrentRequestsPerUser > maxConcurrentRequests) {
            throw new IllegalArgumentException("the requests at once of one user must be between 1 and the"
                    + " requests at once");
        }
        if (clientErrorLogsPerMinute < 0) {
            throw new IllegalArgumentException("the client-error log lines per minute must not be negative");
        }
        if (edge == null) {
            throw new IllegalArgumentException("the edge settings are required");
        }
        if (batch == null || waiting == null) {
            throw new IllegalArgumentException("the batch and waiting settings are required");
        }
        if (batch.maxBodyBytes() < maxBodyBytes) {
            throw new IllegalArgumentException("a batch's body must be allowed at least the size of another body");
        }
        if (access == null) {
            throw new IllegalArgumentException("the access settings are required");
        }
    }

    /** The defaults of batches and waiting, and half the requests at once per user. */
    public HttpSettings(int maxBodyBytes, int maxJsonDepth, AccessSettings access, int maxConcurrentRequests,
                        EdgeSettings edge, int clientErrorLogsPerMinute, int maxLimit) {
        this(maxBodyBytes, maxJsonDepth, access, maxConcurrentRequests, edge, clientErrorLogsPerMinute, maxLimit,
                Batches.defaults(), Waiting.defaults());
    }

    /** Half the requests at once per user. */
    public HttpSettings(int maxBodyBytes, int maxJsonDepth, AccessSettings access, int maxConcurrentRequests,
                        EdgeSettings edge, int clientErrorLogsPerMinute, int maxLimit, Batches batch,
                        Waiting waiting) {
        this(maxBodyBytes, maxJsonDepth, access, maxConcurrentRequests, edge, clientErrorLogsPerMinute, maxLimit,
                batch, waiting, defaultMaxConcurrentRequestsPerUser(maxConcurrentRequests));
    }

    /**
     * Half of {@code api.max-concurrent-requests} (at least one): one user cannot take the places of all others,
     * and a single busy client (64 connections at the default 128) is not limited.
     */
    public static int defaultMaxConcurrentRequestsPerUser(int maxConcurrentRequests) {
        return Math.max(1, maxConcurrentRequests / 2);
    }

    /**
     * Batch publishes: at most {@code maxSize} events ({@code api.max-batch-size}) in at most {@code maxBodyBytes}
     * ({@code api.max-batch-body-size}). Batches larger than {@code api.max-body-size} are read
     * {@link #LARGE_AT_ONCE} at a time at most, so that their memory stays bounded.
     */
    public record Batches(int maxSize, int maxBodyBytes) {

        public static final int DEFAULT_MAX_SIZE = 1000;
        public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
        public static final int LARGE_AT_ONCE = 4;

        public Batches {
            if (maxSize < 1 || maxBodyBytes < 1) {
                throw new IllegalArgumentException("a batch's size and body size must be positive");
            }
        }

        public static Batches defaults() {
            return new Batches(DEFAULT_MAX_SIZE, DEFAULT_MAX_BODY_BYTES);
        }
    }

    /**
     * Consumers that wait for events (long-poll {@code wait} and streams): at most {@code maxWaitSeconds}
     * ({@code api.max-wait}) each, at most {@code maxWaiting} ({@code api.max-waiting}) at once.
     */
    public record Waiting(int maxWaitSeconds, int maxWaiting) {

        public static final int DEFAULT_MAX_WAIT_SECONDS = 30;
        public static final int DEFAULT_MAX_WAITING = 10_000;

        public Waiting {
            if (maxWaitSeconds < 0 || maxWaiting < 0) {
                throw new IllegalArgumentException("the longest wait and the waiting consumers must not be"
                        + " negative");
            }
        }

        public static Waiting defaults() {
            return new Waiting(DEFAULT_MAX_WAIT_SECONDS, DEFAULT_MAX_WAITING);
        }
    }
}

package io.eventserver.adapters.http;

/**
 * Limits of the HTTP API.
 *
 * @param maxBodyBytes  largest accepted request body; larger ones answer 413
 * @param maxJsonDepth  deepest accepted nesting of JSON objects and arrays in a published document
 * @param access        authentication, login throttling and rate limits
 * @param maxConcurrentRequests API requests that may run at once; one more is answered 503
 * @param edge          time-outs and connection limits at the edge (ADR 18)
 * @param maxLimit      the largest {@code limit} of a consume, as {@code /openapi} tells clients
 * @param clientErrorLogsPerMinute access-log lines of 400 and of 401 per client address and minute; the rest are
 *                      counted, not written
 */
public record HttpSettings(int maxBodyBytes, int maxJsonDepth, AccessSettings access, int maxConcurrentRequests,
                           EdgeSettings edge, int clientErrorLogsPerMinute, int maxLimit) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_JSON_DEPTH = 64;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 128;
    public static final int DEFAULT_CLIENT_ERROR_LOGS_PER_MINUTE = 20;

    public HttpSettings {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("api.max-body-size must be at least 1024 bytes");
        }
        if (maxJsonDepth < 3) {
            throw new IllegalArgumentException("api.max-json-depth must be at least 3");
        }
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("api.max-concurrent-requests must be at least 1");
        }
        if (maxLimit < 1) {
            throw new IllegalArgumentException("api.max-limit must be at least 1");
        }
        if (clientErrorLogsPerMinute < 0) {
            throw new IllegalArgumentException("access-log.client-errors-per-minute must not be negative");
        }
        if (edge == null) {
            throw new IllegalArgumentException("the edge settings are required");
        }
        if (access == null) {
            throw new IllegalArgumentException("the access settings are required");
        }
    }
}

package io.eventserver.adapters.http;

/**
 * Limits of the HTTP API.
 *
 * @param maxBodyBytes  largest accepted request body; larger ones answer 413
 * @param maxJsonDepth  deepest accepted nesting of JSON objects and arrays in a published document
 * @param realm         the HTTP Basic realm named in {@code WWW-Authenticate} when the provider names none
 */
public record HttpSettings(int maxBodyBytes, int maxJsonDepth, String realm) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_JSON_DEPTH = 64;

    public HttpSettings {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("api.max-body-size must be at least 1024 bytes");
        }
        if (maxJsonDepth < 3) {
            throw new IllegalArgumentException("api.max-json-depth must be at least 3");
        }
        if (realm == null || realm.isBlank() || realm.contains("\"")) {
            throw new IllegalArgumentException("the realm must be a non-empty string without quotes");
        }
    }
}

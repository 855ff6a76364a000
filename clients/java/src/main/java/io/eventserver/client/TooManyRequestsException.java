package io.eventserver.client;

/** 429: the user's rate limit, or too many failed logins; retried by the client like a 503. */
public class TooManyRequestsException extends EventServerException {

    public TooManyRequestsException(String message) {
        super(429, message);
    }
}

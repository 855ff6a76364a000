package io.eventserver.application.port.out;

/**
 * Storage cannot be reached right now (connection refused or lost, no free connection within the configured
 * time). Nothing is known to have been stored; the request may be retried later.
 */
public final class StoreUnavailable extends RuntimeException {

    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}

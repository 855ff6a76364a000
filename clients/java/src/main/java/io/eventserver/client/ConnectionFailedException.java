package io.eventserver.client;

/** The server could not be reached, or the connection broke before an answer, on every attempt. */
public class ConnectionFailedException extends EventServerException {

    public ConnectionFailedException(String message, Throwable cause) {
        super(0, message, cause);
    }
}

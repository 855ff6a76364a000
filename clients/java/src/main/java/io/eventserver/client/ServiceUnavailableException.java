package io.eventserver.client;

/** 503: the server or its storage cannot take the request now; retried by the client. */
public class ServiceUnavailableException extends EventServerException {

    public ServiceUnavailableException(String message) {
        super(503, message);
    }
}

package io.eventserver.client;

/** 401: no or wrong credentials. */
public class UnauthorizedException extends EventServerException {

    public UnauthorizedException(String message) {
        super(401, message);
    }
}

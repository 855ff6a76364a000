package io.eventserver.client;

/** 400: the request is invalid (a bad document, id or parameter); retrying it does not help. */
public class BadRequestException extends EventServerException {

    public BadRequestException(String message) {
        super(400, message);
    }
}

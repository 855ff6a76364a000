package io.eventserver.client;

/** 404: no such stream or event. */
public class NotFoundException extends EventServerException {

    public NotFoundException(String message) {
        super(404, message);
    }
}

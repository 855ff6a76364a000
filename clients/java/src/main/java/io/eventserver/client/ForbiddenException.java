package io.eventserver.client;

/** 403: the user may not use this producer or consumer id, this stream, or this route. */
public class ForbiddenException extends EventServerException {

    public ForbiddenException(String message) {
        super(403, message);
    }
}

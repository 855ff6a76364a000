package io.eventserver.client;

/** 409: an Idempotency-Key was used before with another body. */
public class ConflictException extends EventServerException {

    public ConflictException(String message) {
        super(409, message);
    }
}

package io.eventserver.client;

/** 409: a conflict with what the server holds; {@link UnexpectedSequenceException} for an expected sequence. */
public class ConflictException extends EventServerException {

    public ConflictException(String message) {
        super(409, message);
    }
}

package io.eventserver.client;

/** 413: the body is larger than the server accepts. */
public class PayloadTooLargeException extends EventServerException {

    public PayloadTooLargeException(String message) {
        super(413, message);
    }
}

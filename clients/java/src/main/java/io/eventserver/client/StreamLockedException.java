package io.eventserver.client;

/** 423: the stream belongs to another producer ("Locked - Second writers not allowed"). */
public class StreamLockedException extends EventServerException {

    public StreamLockedException(String message) {
        super(423, message);
    }
}

package io.eventserver.domain.access;

/** The user's grants do not allow the action on the stream. */
public final class StreamAccessDenied extends RuntimeException {

    public StreamAccessDenied(Login user, Action action, String stream) {
        super("user " + user + " may not " + action.word() + " stream " + stream, null, false, false);
    }
}

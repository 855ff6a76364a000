package io.eventserver.client;

/**
 * 409: a publish with an expected sequence was not stored, because the last sequence of its event name is another
 * one ({@link #lastSequence()}, the server's {@code X-Last-Sequence}). Read what came since, decide again, and
 * publish expecting {@link #lastSequence()}.
 */
public class UnexpectedSequenceException extends ConflictException {

    private final long lastSequence;

    public UnexpectedSequenceException(String message, long lastSequence) {
        super(message);
        this.lastSequence = lastSequence;
    }

    /** The last sequence of the event name when the publish was refused (0: none). */
    public long lastSequence() {
        return lastSequence;
    }
}

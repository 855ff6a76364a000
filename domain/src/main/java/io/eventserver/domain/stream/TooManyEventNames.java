package io.eventserver.domain.stream;

/**
 * A publish would give a stream more event names than the configured maximum (issue 29): every name is a sequence,
 * a row and a line in every description of the stream, so their number is bounded. Nothing of the publish was
 * stored.
 */
public final class TooManyEventNames extends RuntimeException {

    private final StreamName stream;
    private final long eventNames;

    /** @param eventNames how many event names the stream has now */
    public TooManyEventNames(StreamName stream, long eventNames) {
        super("stream " + stream + " already has " + eventNames + " event names", null, false, false);
        this.stream = stream;
        this.eventNames = eventNames;
    }

    public StreamName stream() {
        return stream;
    }

    public long eventNames() {
        return eventNames;
    }
}

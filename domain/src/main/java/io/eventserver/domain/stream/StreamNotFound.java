package io.eventserver.domain.stream;

/** No producer has published to this stream yet. */
public final class StreamNotFound extends RuntimeException {

    private final StreamName stream;

    public StreamNotFound(StreamName stream) {
        super("stream " + stream + " does not exist", null, false, false);
        this.stream = stream;
    }

    public StreamName stream() {
        return stream;
    }
}

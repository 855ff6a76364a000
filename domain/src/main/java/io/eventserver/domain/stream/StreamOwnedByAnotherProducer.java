package io.eventserver.domain.stream;

/** A producer tried to publish to a stream that another producer owns. */
public final class StreamOwnedByAnotherProducer extends RuntimeException {

    private final StreamName stream;
    private final ProducerId rejected;

    public StreamOwnedByAnotherProducer(StreamName stream, ProducerId rejected) {
        super("stream " + stream + " is owned by another producer than " + rejected, null, false, false);
        this.stream = stream;
        this.rejected = rejected;
    }

    public StreamName stream() {
        return stream;
    }

    public ProducerId rejected() {
        return rejected;
    }
}

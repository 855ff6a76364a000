package io.eventserver.application.port.out;

import io.eventserver.domain.stream.StreamName;

/**
 * An append that was to create a stream found it created by a concurrent publish. Nothing was stored; the caller
 * reloads the stream and lets it decide again.
 */
public final class StreamClaimedConcurrently extends RuntimeException {

    public StreamClaimedConcurrently(StreamName stream) {
        super("stream " + stream + " was created concurrently", null, false, false);
    }
}

package io.eventserver.application.port.out;

import io.eventserver.domain.stream.StreamName;

/**
 * An append was decided for a stream that is not stored (any more): an admin deleted it after the caller found it
 * (ADR 62), or nobody ever created it and the append did not claim it. Nothing was stored; the caller looks the
 * stream up again (a publish then claims the name anew).
 */
public final class StreamDeletedConcurrently extends RuntimeException {

    public StreamDeletedConcurrently(StreamName stream) {
        super("stream " + stream + " is not stored (deleted meanwhile?)", null, false, false);
    }

    /** A statement of an engine found a stream it referred to deleted, without knowing which. */
    public StreamDeletedConcurrently(Throwable cause) {
        super("a stream was deleted meanwhile", cause, false, false);
    }
}

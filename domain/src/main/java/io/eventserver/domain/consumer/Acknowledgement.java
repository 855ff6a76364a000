package io.eventserver.domain.consumer;


/** What acknowledging an event did to a consumer's cursor. */
public sealed interface Acknowledgement {

    /** The cursor as it is after the acknowledgement. */
    ConsumerCursor cursor();

    /** The event was after the offset: the offset moved forward to it. */
    record OffsetMoved(ConsumerCursor cursor) implements Acknowledgement {
    }

    /**
     * The event was leased to the consumer: it alone is done now (ADR 52); the offset moved over the finished run
     * above it, if there was one.
     */
    record EventAcknowledged(ConsumerCursor cursor) implements Acknowledgement {
    }

    /** The event was at or before the offset: nothing changed (a retry, or an older event). */
    record AlreadyAcknowledged(ConsumerCursor cursor) implements Acknowledgement {
    }
}

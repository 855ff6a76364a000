package io.eventserver.domain.consumer;

import io.eventserver.domain.event.EventId;

/** A NACK or EXTEND of an event that is not under an unexpired lease of the consumer. */
public final class EventNotLeased extends RuntimeException {

    public EventNotLeased(EventId event, ConsumerId consumer) {
        super("event " + event + " is not leased to consumer " + consumer, null, false, false);
    }
}

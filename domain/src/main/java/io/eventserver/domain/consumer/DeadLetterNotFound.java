package io.eventserver.domain.consumer;

import io.eventserver.domain.event.EventId;

/** A RETRY or DELETE of an event that is not a dead letter of the consumer. */
public final class DeadLetterNotFound extends RuntimeException {

    public DeadLetterNotFound(EventId event, ConsumerId consumer) {
        super("event " + event + " is not a dead letter of consumer " + consumer, null, false, false);
    }
}

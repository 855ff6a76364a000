package io.eventserver.domain.schema;

import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;

/**
 * A publish of an event name that has schemas was refused: the event's version has no schema, or its payload does
 * not match it. Nothing of the publish was stored.
 */
public final class PayloadRejected extends RuntimeException {

    private final int element;

    private PayloadRejected(int element, String message) {
        super(message, null, false, false);
        this.element = element;
    }

    /** @param element the event's index in its publish */
    public static PayloadRejected noSchema(int element, EventName name, EventVersion version) {
        return new PayloadRejected(element, "no schema for " + name.value() + " version " + version.value());
    }

    /**
     * @param element   the event's index in its publish
     * @param violation where and what: {@code <JSON pointer>: <what is wrong>}
     */
    public static PayloadRejected mismatch(int element, EventName name, EventVersion version, String violation) {
        return new PayloadRejected(element, "payload does not match schema " + name.value() + " version "
                + version.value() + ": " + violation);
    }

    /** The same refusal naming the element of a batch: {@code [3].payload does not match …}, {@code [3] no schema …}. */
    public PayloadRejected inBatch() {
        String message = getMessage();
        return new PayloadRejected(element, "[" + element + "]" + (message.startsWith("payload") ? "." : " ")
                + message);
    }
}

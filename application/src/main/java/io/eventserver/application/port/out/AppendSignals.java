package io.eventserver.application.port.out;

import io.eventserver.domain.event.EventName;
import io.eventserver.domain.stream.StreamName;

/**
 * Tells that events were committed, by any process on the same storage (ADR 34), so that waiting consumers can
 * read again instead of polling. A signal may come more than once, and only after the commit; it carries no events.
 */
public interface AppendSignals {

    void onAppended(Listener listener);

    interface Listener {
        /** Events of {@code eventName} were committed to {@code stream}. */
        void appended(StreamName stream, EventName eventName);

        /** Signals may have been lost (say, a reconnect): anything may have been committed. */
        void anything();
    }
}

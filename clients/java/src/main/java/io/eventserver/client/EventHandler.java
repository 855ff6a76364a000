package io.eventserver.client;

/** What a subscription does with each event; it is acknowledged when this returns normally. */
@FunctionalInterface
public interface EventHandler {

    /**
     * @throws Exception to leave the event unacknowledged: the subscription waits and hands it over again
     */
    void handle(Event event) throws Exception;
}

package io.eventserver.client;

/** What a leased subscription does with each event; it is acknowledged when this returns normally. */
@FunctionalInterface
public interface LeasedEventHandler {

    /**
     * @throws Exception to give the event back (NACK, after the {@link Leases#nackDelay}): it is leased again, to
     *                   this or another reader, until it is dead-lettered after {@link Leases#maxDeliveries}
     */
    void handle(LeasedEvent event) throws Exception;
}

package io.eventserver.application.model;

/**
 * A consumer's leases in one (stream, event name) (ADR 52).
 *
 * @param inFlight    events under an unexpired lease
 * @param deadLetters dead letters listed
 */
public record LeaseCounts(long inFlight, long deadLetters) {

    public static final LeaseCounts NONE = new LeaseCounts(0, 0);
}

package io.eventserver.application.port.out;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.eventserver.application.model.Removal;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.retention.Retention;
import io.eventserver.domain.stream.StreamName;

/**
 * Retention of streams (issue 25, ADR 60): each stream's own limits, and the removal of the events beyond them. The
 * contract every implementation must pass is {@code RetentionStoreContractTest} in this module's test sources.
 * <p>
 * Removal keeps three promises. Sequences are never renumbered: what stays of an event name is one run from its first
 * stored sequence to its last. Nothing disappears silently: in the step that removes events, every cursor of their
 * (stream, event name) counts those of them its consumer had not acknowledged ({@code expiredUnacknowledged}), once,
 * however many processes remove at the same time. And the idempotency keys, leases and dead letters of removed events
 * go with them.
 */
public interface RetentionStore {

    /**
     * The stream's own retention; empty when it has none (the defaults apply to it).
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist
     */
    Optional<Retention> find(StreamName stream);

    /**
     * Gives the stream its own retention, replacing the one it had. When this returns, it is committed.
     *
     * @throws io.eventserver.domain.stream.StreamNotFound when the stream does not exist; nothing was stored
     */
    void save(StreamName stream, Retention retention);

    /**
     * The lowest sequence still stored of each of these event names of the stream; for a name whose events were all
     * removed, the sequence its next event will get. Names the stream does not have are left out.
     */
    Map<EventName, Sequence> firstSequences(StreamName stream, Collection<EventName> names);

    /**
     * One bounded step of removal: removes, from some (stream, event name)s whose oldest events lie beyond their
     * stream's retention (its own, else {@code defaults}), at most {@code maxEvents} events each, each (stream, event
     * name) in a transaction of its own that holds no lock a publish waits for and the locks of that name's cursors
     * only for the step. Safe to run on several processes at once: a (stream, event name) another process is removing
     * from is skipped.
     *
     * @param maxEvents the most events one transaction removes
     * @return what was removed, per stream; empty when nothing is beyond its retention any more
     */
    List<Removal> removeExpired(Retention defaults, int maxEvents);

    /**
     * Makes the space of the removed events reusable now (ADR 61), after a sweep that removed some, instead of leaving
     * it to the database's own schedule (PostgreSQL: {@code VACUUM} of the tables a removal deletes from; autovacuum may
     * be off, or a minute late). One process at a time does it; another that asks meanwhile returns at once. Publishes
     * and reads go on meanwhile (it takes no lock they wait for).
     */
    default void reclaimSpace() {
    }

    /** For an engine that has no retention: every method throws {@link RetentionUnsupported}. */
    static RetentionStore unsupported(String engine) {
        return new RetentionStore() {
            @Override
            public Optional<Retention> find(StreamName stream) {
                throw new RetentionUnsupported(engine);
            }

            @Override
            public void save(StreamName stream, Retention retention) {
                throw new RetentionUnsupported(engine);
            }

            @Override
            public Map<EventName, Sequence> firstSequences(StreamName stream, Collection<EventName> names) {
                return Map.of();
            }

            @Override
            public List<Removal> removeExpired(Retention defaults, int maxEvents) {
                return List.of();
            }
        };
    }
}

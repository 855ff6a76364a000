package io.eventserver.domain.consumer;

import java.util.Objects;

import io.eventserver.domain.event.Sequence;

/** What finishing, giving back or extending one event does to the consumer's lease state (ADR 52). */
public sealed interface LeaseChange {

    /** Nothing changes: the event is done already. */
    record Unchanged() implements LeaseChange {
    }

    /** The entry is stored as it is now. */
    record Put(LeaseEntry entry) implements LeaseChange {
        public Put {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** The entry is removed: the event is done (an acknowledged event keeps no entry), or it was forgotten. */
    record Remove(Sequence sequence) implements LeaseChange {
        public Remove {
            Objects.requireNonNull(sequence, "sequence");
        }
    }

    /**
     * A cumulative acknowledgement of an event never leased: the offset moves to it, and every lease at or below it
     * ends (dead letters stay listed).
     */
    record AcknowledgeThrough(Sequence sequence) implements LeaseChange {
        public AcknowledgeThrough {
            Objects.requireNonNull(sequence, "sequence");
        }
    }
}

package io.eventserver.domain.stream;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Sequence;

/**
 * A named stream of events, owned for ever by the producer whose publish created it. Only the owner may append.
 * <p>
 * A stream made by {@link #claim} does not exist yet: it comes into existence together with its first event,
 * atomically, or not at all. A stream made by {@link #owned} was loaded from storage.
 */
public final class Stream {

    private final StreamName name;
    private final ProducerId owner;
    private final boolean claimedNow;

    private Stream(StreamName name, ProducerId owner, boolean claimedNow) {
        this.name = Objects.requireNonNull(name, "name");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.claimedNow = claimedNow;
    }

    /** A stream that does not exist yet, claimed by the producer about to publish its first event. */
    public static Stream claim(StreamName name, ProducerId producer) {
        return new Stream(name, producer, true);
    }

    /** A stream that exists, as loaded from storage. */
    public static Stream owned(StreamName name, ProducerId owner) {
        return new Stream(name, owner, false);
    }

    /**
     * Decides whether {@code producer} may append {@code draft} and gives the event its id.
     *
     * @throws StreamOwnedByAnotherProducer when the stream belongs to someone else
     */
    public EventAppended append(ProducerId producer, EventDraft draft) {
        Objects.requireNonNull(draft, "draft");
        requireOwner(producer);
        return new EventAppended(name, EventId.generate(), draft);
    }

    /**
     * Decides whether {@code producer} may append the drafts, all of them together, and gives each event its id: what
     * a storage engine stores whole or not at all.
     *
     * @throws StreamOwnedByAnotherProducer when the stream belongs to someone else
     * @throws IllegalArgumentException     when there is no draft
     */
    public EventsAppended append(ProducerId producer, List<EventDraft> drafts) {
        return append(producer, drafts, Optional.empty());
    }

    /**
     * Like {@link #append(ProducerId, List)}, with an expectation of the last sequence of the drafts' event name
     * (ADR 64): then all of them must have one name, and the storage engine stores them only if the last sequence of
     * that name is {@code expectedLast} when it numbers them ({@link EventsAppended#requireLast}).
     *
     * @throws StreamOwnedByAnotherProducer when the stream belongs to someone else
     * @throws io.eventserver.domain.common.InvalidValue when an expectation comes with drafts of several names
     * @throws io.eventserver.domain.event.UnexpectedLastSequence when this stream is claimed now (it has no
     *                                   events) and the expectation is not 0
     */
    public EventsAppended append(ProducerId producer, List<EventDraft> drafts, Optional<Sequence> expectedLast) {
        requireOwner(producer);
        EventsAppended appended = new EventsAppended(this, drafts.stream()
                .map(draft -> new EventAppended(name, EventId.generate(), Objects.requireNonNull(draft, "draft")))
                .toList(), expectedLast);
        if (claimedNow) {
            // a stream that does not exist has no events: only "none yet" can hold, and a refusal creates nothing
            appended.requireLast(Sequence.ZERO);
        }
        return appended;
    }

    private void requireOwner(ProducerId producer) {
        if (!owner.equals(producer)) {
            throw new StreamOwnedByAnotherProducer(name, producer);
        }
    }

    public StreamName name() {
        return name;
    }

    public ProducerId owner() {
        return owner;
    }

    /** True when this stream is to be created by the append that uses it. */
    public boolean isClaimedNow() {
        return claimedNow;
    }
}

package io.eventserver.domain.consumer;

import java.util.Objects;

import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;

/**
 * How far one consumer has got in the events of one name in one stream: its offset is the sequence of the last
 * event it acknowledged ({@link Sequence#ZERO} when none). Reading never moves it; acknowledging does, and only
 * forwards: acknowledgement is cumulative and idempotent.
 * <p>
 * Its {@code leasedThrough} is the highest sequence ever leased to this consumer for this name ({@link Sequence#ZERO}
 * when it never leased, ADR 52): a cursor with leases is moved only by the rules of {@link ConsumerLeases}, never by a
 * plain {@link #acknowledge}.
 */
public final class ConsumerCursor {

    private final ConsumerId consumer;
    private final StreamName stream;
    private final EventName eventName;
    private final Sequence offset;
    private final Sequence leasedThrough;

    private ConsumerCursor(ConsumerId consumer, StreamName stream, EventName eventName, Sequence offset,
                           Sequence leasedThrough) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.stream = Objects.requireNonNull(stream, "stream");
        this.eventName = Objects.requireNonNull(eventName, "eventName");
        this.offset = Objects.requireNonNull(offset, "offset");
        this.leasedThrough = Objects.requireNonNull(leasedThrough, "leasedThrough");
    }

    /** The cursor of a consumer that has acknowledged nothing yet. */
    public static ConsumerCursor atStart(ConsumerId consumer, StreamName stream, EventName eventName) {
        return new ConsumerCursor(consumer, stream, eventName, Sequence.ZERO, Sequence.ZERO);
    }

    /** A cursor as loaded from storage, of a consumer that never leased. */
    public static ConsumerCursor at(ConsumerId consumer, StreamName stream, EventName eventName, Sequence offset) {
        return new ConsumerCursor(consumer, stream, eventName, offset, Sequence.ZERO);
    }

    /** A cursor as loaded from storage, with the highest sequence ever leased to the consumer. */
    public static ConsumerCursor at(ConsumerId consumer, StreamName stream, EventName eventName, Sequence offset,
                                    Sequence leasedThrough) {
        return new ConsumerCursor(consumer, stream, eventName, offset, leasedThrough);
    }

    /**
     * Acknowledges the event at {@code position}: the offset becomes max(offset, position). Acknowledging an event at
     * or before the offset changes nothing, so a retried acknowledgement is harmless.
     */
    public Acknowledgement acknowledge(Sequence position) {
        if (position.isAfter(offset)) {
            return new Acknowledgement.OffsetMoved(new ConsumerCursor(consumer, stream, eventName, position,
                    leasedThrough));
        }
        return new Acknowledgement.AlreadyAcknowledged(this);
    }

    /**
     * An operator's explicit move of the offset, backwards (replay) or forwards (skip): unlike acknowledging it may
     * go down. {@link Sequence#ZERO} replays from the first event.
     *
     * @param lastSequence the sequence of the newest event of this name in the stream
     * @throws InvalidValue when {@code target} is beyond the newest event
     */
    public ConsumerCursor resetTo(Sequence target, Sequence lastSequence) {
        if (target.isAfter(lastSequence)) {
            throw new InvalidValue("sequence " + target.value() + " is beyond the last event (" + lastSequence.value()
                    + ") of " + eventName + " in stream " + stream);
        }
        return new ConsumerCursor(consumer, stream, eventName, target, leasedThrough);
    }

    /**
     * Whether an event of this name was ever leased to the consumer: then only the lease rules move the offset, so
     * that an acknowledgement ends the leases it passes (ADR 52).
     */
    public boolean hasLeases() {
        return leasedThrough.isAfter(Sequence.ZERO);
    }

    public ConsumerId consumer() {
        return consumer;
    }

    public StreamName stream() {
        return stream;
    }

    public EventName eventName() {
        return eventName;
    }

    public Sequence offset() {
        return offset;
    }

    /** The highest sequence ever leased to the consumer; {@link Sequence#ZERO} when it never leased. */
    public Sequence leasedThrough() {
        return leasedThrough;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsumerCursor that
                && consumer.equals(that.consumer)
                && stream.equals(that.stream)
                && eventName.equals(that.eventName)
                && offset.equals(that.offset)
                && leasedThrough.equals(that.leasedThrough);
    }

    @Override
    public int hashCode() {
        return Objects.hash(consumer, stream, eventName, offset, leasedThrough);
    }

    @Override
    public String toString() {
        return "ConsumerCursor[" + consumer + " " + stream + "/" + eventName + " @" + offset.value()
                + (hasLeases() ? ", leased through " + leasedThrough.value() : "") + "]";
    }
}

package io.eventserver.domain.event;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.stream.Stream;

/**
 * What {@code Stream.append} decided for one publish: these events — at least one, each decided by {@code stream} —
 * go to its end together, in this order. Checked here, once, so that no storage engine checks it again (ADR 55).
 * <p>
 * With an {@code expectedLast} (ADR 64) the events go to the end of their stream only if the last sequence of
 * their event name — one name for all of them — is exactly that when they are numbered; an engine asks
 * {@link #requireLast} at that moment, under the lock that numbers them.
 *
 * @param expectedLast empty: appended whatever the last sequence is; {@code Sequence.ZERO}: only as the first
 *                     events of their name
 */
public record EventsAppended(Stream stream, List<EventAppended> events, Optional<Sequence> expectedLast) {

    public EventsAppended {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(expectedLast, "expectedLast");
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one event");
        }
        for (EventAppended event : events) {
            if (!event.stream().equals(stream.name())) {
                throw new IllegalArgumentException("an event of stream " + event.stream() + " cannot be stored in "
                        + stream.name());
            }
        }
        if (expectedLast.isPresent()) {
            EventName first = events.getFirst().draft().name();
            for (EventAppended event : events) {
                if (!event.draft().name().equals(first)) {
                    throw new InvalidValue("an expected sequence needs events of one event name; this batch has "
                            + first.value() + " and " + event.draft().name().value());
                }
            }
        }
    }

    /** Events appended whatever the last sequence of their names is. */
    public EventsAppended(Stream stream, List<EventAppended> events) {
        this(stream, events, Optional.empty());
    }

    /**
     * The rule of an expected sequence (ADR 64): the events may be numbered after {@code last}, the last sequence of
     * their event name as the engine holds it locked — including what appends numbered before them in the same
     * transaction took. Without an expectation, any {@code last} will do.
     *
     * @throws UnexpectedLastSequence when the expectation is another sequence
     */
    public void requireLast(Sequence last) {
        Objects.requireNonNull(last, "last");
        if (expectedLast.isPresent() && expectedLast.get().value() != last.value()) {
            throw new UnexpectedLastSequence(stream.name(), events.getFirst().draft().name(), expectedLast.get(),
                    last);
        }
    }

    /** The one event name an expectation is about; the first event's name. */
    public EventName firstEventName() {
        return events.getFirst().draft().name();
    }

    /** The events' ids, in their order. */
    public List<EventId> ids() {
        return events.stream().map(EventAppended::id).toList();
    }

    /** The events' names, each once, in the order of its first event. */
    public Set<EventName> eventNames() {
        Set<EventName> names = new LinkedHashSet<>();
        events.forEach(event -> names.add(event.draft().name()));
        return names;
    }
}

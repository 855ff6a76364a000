package io.eventserver.adapters.postgres;

import static io.eventserver.adapters.postgres.schema.Tables.EVENTS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;

import java.util.List;
import java.util.Optional;

import io.eventserver.application.port.out.EventStore;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.jooq.impl.DSL;

/**
 * {@link EventStore} on PostgreSQL. Appends go through {@link GroupCommit}: concurrent appends share transactions,
 * each of which increments the (stream, event name) rows of {@code event_sequences} with one upsert; row locks and
 * the single writer make transactions commit in sequence order, so a reader can never see sequence n+1 without n
 * (adr/0007, adr/0015).
 */
final class PostgresEventStore implements EventStore, AutoCloseable {

    private final DSLContext dsl;
    private final StreamDirectory streams;
    private final GroupCommit groupCommit;

    PostgresEventStore(DSLContext dsl) {
        this.dsl = dsl;
        this.streams = new StreamDirectory(dsl);
        this.groupCommit = new GroupCommit(dsl, streams);
    }

    @Override
    public Optional<Stream> findStream(StreamName name) {
        return streams.find(name);
    }

    @Override
    public RecordedEvent append(Stream stream, EventAppended event) {
        return groupCommit.append(stream, event);
    }

    /** Finishes the appends already queued and stops the group-commit writer. */
    @Override
    public void close() {
        groupCommit.close();
    }

    @Override
    public Optional<EventPosition> findPosition(StreamName stream, EventId id) {
        return Guard.call(() -> dsl.select(EVENT_SEQUENCES.EVENT_NAME, EVENTS.SEQUENCE)
                .from(EVENTS)
                .join(EVENT_SEQUENCES).on(EVENT_SEQUENCES.ID.eq(EVENTS.EVENT_SEQUENCE_ID))
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .where(EVENTS.EVENT_ID.eq(id.value()))
                .and(STREAMS.NAME.eq(stream.value()))
                .fetchOptional(Records.mapping((name, sequence) ->
                        new EventPosition(new EventName(name), new Sequence(sequence)))));
    }

    @Override
    public Optional<RecordedEvent> findEvent(StreamName stream, EventId id) {
        return Guard.call(() -> dsl.select(EVENT_SEQUENCES.EVENT_NAME, EVENTS.SEQUENCE, EVENTS.RECEIVED_AT,
                        EVENTS.DOCUMENT)
                .from(EVENTS)
                .join(EVENT_SEQUENCES).on(EVENT_SEQUENCES.ID.eq(EVENTS.EVENT_SEQUENCE_ID))
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .where(EVENTS.EVENT_ID.eq(id.value()))
                .and(STREAMS.NAME.eq(stream.value()))
                .fetchOptional(Records.mapping((name, sequence, receivedAt, document) -> new RecordedEvent(
                        id, new EventName(name), new Sequence(sequence), receivedAt.toInstant(),
                        new EventDocument(document)))));
    }

    @Override
    public Optional<Sequence> lastSequence(StreamName stream, EventName name) {
        return Guard.call(() -> dsl.select(EVENT_SEQUENCES.LAST_SEQUENCE)
                .from(EVENT_SEQUENCES)
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .where(STREAMS.NAME.eq(stream.value()))
                .and(EVENT_SEQUENCES.EVENT_NAME.eq(name.value()))
                .fetchOptional(last -> new Sequence(last.value1())));
    }

    @Override
    public List<RecordedEvent> readAfter(StreamName stream, EventName name, Sequence after, int limit) {
        // the (stream, event name) row first, as a scalar sub-query: the planner then walks the events' primary key
        // (event_sequence_id, sequence) from the offset and stops after limit rows, however long the stream is
        var sequenceRow = DSL.field(DSL.select(EVENT_SEQUENCES.ID)
                .from(EVENT_SEQUENCES)
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .where(STREAMS.NAME.eq(stream.value()))
                .and(EVENT_SEQUENCES.EVENT_NAME.eq(name.value())));
        return Guard.call(() -> dsl.select(EVENTS.EVENT_ID, EVENTS.SEQUENCE, EVENTS.RECEIVED_AT, EVENTS.DOCUMENT)
                .from(EVENTS)
                .where(EVENTS.EVENT_SEQUENCE_ID.eq(sequenceRow))
                .and(EVENTS.SEQUENCE.gt(after.value()))
                .orderBy(EVENTS.SEQUENCE)
                .limit(limit)
                .fetch(Records.mapping((id, sequence, receivedAt, document) -> new RecordedEvent(
                        new EventId(id), name, new Sequence(sequence), receivedAt.toInstant(),
                        new EventDocument(document)))));
    }
}

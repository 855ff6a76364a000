package io.eventserver.adapters.postgres;

import static io.eventserver.adapters.postgres.schema.Tables.EVENTS;
import static io.eventserver.adapters.postgres.schema.Tables.EVENT_SEQUENCES;
import static io.eventserver.adapters.postgres.schema.Tables.STREAMS;

import java.util.List;
import java.util.Optional;

import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.StreamClaimedConcurrently;
import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventPosition;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.Stream;
import io.eventserver.domain.stream.StreamName;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.Records;
import org.jooq.impl.DSL;

/**
 * {@link EventStore} on PostgreSQL. Appending increments the (stream, event name) row of {@code event_sequences}
 * with an upsert; the row lock it takes is held until commit, so publishers of one (stream, event name) commit one
 * after the other in sequence order, and a reader can never see sequence n+1 without n (adr/0007).
 */
final class PostgresEventStore implements EventStore {

    private final DSLContext dsl;

    PostgresEventStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<Stream> findStream(StreamName name) {
        return Guard.call(() -> dsl.select(STREAMS.OWNER)
                .from(STREAMS)
                .where(STREAMS.NAME.eq(name.value()))
                .fetchOptional(owner -> Stream.owned(name, new ProducerId(owner.value1()))));
    }

    @Override
    public RecordedEvent append(Stream stream, EventAppended event) {
        String streamName = stream.name().value();
        String eventName = event.draft().name().value();
        return Guard.call(() -> dsl.transactionResult(transaction -> {
            DSLContext tx = transaction.dsl();
            if (stream.isClaimedNow()) {
                int created = tx.insertInto(STREAMS, STREAMS.NAME, STREAMS.OWNER)
                        .values(streamName, stream.owner().value())
                        .onConflictDoNothing()
                        .execute();
                if (created == 0) {
                    throw new StreamClaimedConcurrently(stream.name());
                }
            }
            Record2<Long, Long> position = tx.insertInto(EVENT_SEQUENCES,
                            EVENT_SEQUENCES.STREAM_ID, EVENT_SEQUENCES.EVENT_NAME, EVENT_SEQUENCES.LAST_SEQUENCE)
                    .select(tx.select(STREAMS.ID, DSL.val(eventName), DSL.val(1L))
                            .from(STREAMS)
                            .where(STREAMS.NAME.eq(streamName)))
                    .onConflict(EVENT_SEQUENCES.STREAM_ID, EVENT_SEQUENCES.EVENT_NAME)
                    .doUpdate()
                    .set(EVENT_SEQUENCES.LAST_SEQUENCE, EVENT_SEQUENCES.LAST_SEQUENCE.plus(1L))
                    .returningResult(EVENT_SEQUENCES.ID, EVENT_SEQUENCES.LAST_SEQUENCE)
                    .fetchSingle();
            var receivedAt = tx.insertInto(EVENTS,
                            EVENTS.EVENT_SEQUENCE_ID, EVENTS.SEQUENCE, EVENTS.EVENT_ID, EVENTS.DOCUMENT)
                    .values(position.value1(), position.value2(), event.id().value(), event.draft().document().json())
                    .returningResult(EVENTS.RECEIVED_AT)
                    .fetchSingle()
                    .value1();
            return new RecordedEvent(event.id(), event.draft().name(), new Sequence(position.value2()),
                    receivedAt.toInstant(), event.draft().document());
        }));
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
        return Guard.call(() -> dsl.select(EVENTS.EVENT_ID, EVENTS.SEQUENCE, EVENTS.RECEIVED_AT, EVENTS.DOCUMENT)
                .from(EVENTS)
                .join(EVENT_SEQUENCES).on(EVENT_SEQUENCES.ID.eq(EVENTS.EVENT_SEQUENCE_ID))
                .join(STREAMS).on(STREAMS.ID.eq(EVENT_SEQUENCES.STREAM_ID))
                .where(STREAMS.NAME.eq(stream.value()))
                .and(EVENT_SEQUENCES.EVENT_NAME.eq(name.value()))
                .and(EVENTS.SEQUENCE.gt(after.value()))
                .orderBy(EVENTS.SEQUENCE)
                .limit(limit)
                .fetch(Records.mapping((id, sequence, receivedAt, document) -> new RecordedEvent(
                        new EventId(id), name, new Sequence(sequence), receivedAt.toInstant(),
                        new EventDocument(document)))));
    }
}

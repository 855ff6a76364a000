package io.eventserver.adapters.kafka;

import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_PAYLOAD_SCHEMAS;
import static io.eventserver.adapters.kafka.schema.Tables.KAFKA_PAYLOAD_SCHEMA_REVISION;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.eventserver.application.port.out.SchemaStore;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.schema.SchemaVersionExists;
import io.eventserver.domain.stream.StreamName;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@link SchemaStore} of the Kafka engine, in its metadata database: a row per version in
 * {@code kafka_payload_schemas}; every change increments the one row of {@code kafka_payload_schema_revision} in its
 * transaction (ADR 66).
 */
final class KafkaSchemaStore implements SchemaStore {

    private final Sql sql;

    KafkaSchemaStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Stored put(StreamName stream, EventName name, EventVersion version, String schema) {
        return sql.read(dsl -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            int inserted = tx.insertInto(KAFKA_PAYLOAD_SCHEMAS, KAFKA_PAYLOAD_SCHEMAS.STREAM, KAFKA_PAYLOAD_SCHEMAS.EVENT_NAME,
                            KAFKA_PAYLOAD_SCHEMAS.VERSION, KAFKA_PAYLOAD_SCHEMAS.DOCUMENT)
                    .values(stream.value(), name.value(), version.value(), schema)
                    .onConflictDoNothing()
                    .execute();
            if (inserted == 1) {
                changed(tx);
                return Stored.CREATED;
            }
            // of concurrent puts of one version the primary key let one insert; the others compare with it
            String stored = tx.select(KAFKA_PAYLOAD_SCHEMAS.DOCUMENT).from(KAFKA_PAYLOAD_SCHEMAS)
                    .where(key(stream, name, version))
                    .fetchSingle(KAFKA_PAYLOAD_SCHEMAS.DOCUMENT);
            if (!stored.equals(schema)) {
                throw new SchemaVersionExists(name, version);
            }
            return Stored.UNCHANGED;
        }));
    }

    @Override
    public Optional<String> find(StreamName stream, EventName name, EventVersion version) {
        return sql.read(dsl -> dsl.select(KAFKA_PAYLOAD_SCHEMAS.DOCUMENT).from(KAFKA_PAYLOAD_SCHEMAS)
                .where(key(stream, name, version))
                .fetchOptional(KAFKA_PAYLOAD_SCHEMAS.DOCUMENT));
    }

    @Override
    public SortedMap<EventVersion, String> all(StreamName stream, EventName name) {
        return sql.read(dsl -> {
            SortedMap<EventVersion, String> schemas = new TreeMap<>();
            dsl.select(KAFKA_PAYLOAD_SCHEMAS.VERSION, KAFKA_PAYLOAD_SCHEMAS.DOCUMENT).from(KAFKA_PAYLOAD_SCHEMAS)
                    .where(KAFKA_PAYLOAD_SCHEMAS.STREAM.eq(stream.value()), KAFKA_PAYLOAD_SCHEMAS.EVENT_NAME.eq(name.value()))
                    .forEach(row -> schemas.put(new EventVersion(row.value1()), row.value2()));
            return schemas;
        });
    }

    @Override
    public boolean delete(StreamName stream, EventName name, EventVersion version) {
        return sql.read(dsl -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            boolean deleted = tx.deleteFrom(KAFKA_PAYLOAD_SCHEMAS).where(key(stream, name, version)).execute() == 1;
            if (deleted) {
                changed(tx);
            }
            return deleted;
        }));
    }

    @Override
    public long revision() {
        return sql.read(dsl -> dsl.select(KAFKA_PAYLOAD_SCHEMA_REVISION.REVISION).from(KAFKA_PAYLOAD_SCHEMA_REVISION)
                .fetchSingle(KAFKA_PAYLOAD_SCHEMA_REVISION.REVISION));
    }

    private static void changed(DSLContext tx) {
        tx.update(KAFKA_PAYLOAD_SCHEMA_REVISION)
                .set(KAFKA_PAYLOAD_SCHEMA_REVISION.REVISION, KAFKA_PAYLOAD_SCHEMA_REVISION.REVISION.plus(1))
                .execute();
    }

    private static org.jooq.Condition key(StreamName stream, EventName name, EventVersion version) {
        return KAFKA_PAYLOAD_SCHEMAS.STREAM.eq(stream.value())
                .and(KAFKA_PAYLOAD_SCHEMAS.EVENT_NAME.eq(name.value()))
                .and(KAFKA_PAYLOAD_SCHEMAS.VERSION.eq(version.value()));
    }
}

package io.eventserver.adapters.postgres.schemas;

import static io.eventserver.adapters.postgres.schema.Tables.PAYLOAD_SCHEMAS;
import static io.eventserver.adapters.postgres.schema.Tables.PAYLOAD_SCHEMA_REVISION;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.eventserver.adapters.postgres.sql.SqlFailures;
import io.eventserver.application.port.out.SchemaStore;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.schema.SchemaVersionExists;
import io.eventserver.domain.stream.StreamName;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@link SchemaStore} on PostgreSQL: a row per version in {@code payload_schemas}; every change increments the one
 * row of {@code payload_schema_revision} in its transaction (ADR 66).
 */
public final class PostgresSchemaStore implements SchemaStore {

    private final DSLContext dsl;

    public PostgresSchemaStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Stored put(StreamName stream, EventName name, EventVersion version, String schema) {
        return SqlFailures.call(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            int inserted = tx.insertInto(PAYLOAD_SCHEMAS, PAYLOAD_SCHEMAS.STREAM, PAYLOAD_SCHEMAS.EVENT_NAME,
                            PAYLOAD_SCHEMAS.VERSION, PAYLOAD_SCHEMAS.DOCUMENT)
                    .values(stream.value(), name.value(), version.value(), schema)
                    .onConflictDoNothing()
                    .execute();
            if (inserted == 1) {
                changed(tx);
                return Stored.CREATED;
            }
            // of concurrent puts of one version the primary key let one insert; the others compare with it
            String stored = tx.select(PAYLOAD_SCHEMAS.DOCUMENT).from(PAYLOAD_SCHEMAS)
                    .where(key(stream, name, version))
                    .fetchSingle(PAYLOAD_SCHEMAS.DOCUMENT);
            if (!stored.equals(schema)) {
                throw new SchemaVersionExists(name, version);
            }
            return Stored.UNCHANGED;
        }));
    }

    @Override
    public Optional<String> find(StreamName stream, EventName name, EventVersion version) {
        return SqlFailures.call(() -> dsl.select(PAYLOAD_SCHEMAS.DOCUMENT).from(PAYLOAD_SCHEMAS)
                .where(key(stream, name, version))
                .fetchOptional(PAYLOAD_SCHEMAS.DOCUMENT));
    }

    @Override
    public SortedMap<EventVersion, String> all(StreamName stream, EventName name) {
        return SqlFailures.call(() -> {
            SortedMap<EventVersion, String> schemas = new TreeMap<>();
            dsl.select(PAYLOAD_SCHEMAS.VERSION, PAYLOAD_SCHEMAS.DOCUMENT).from(PAYLOAD_SCHEMAS)
                    .where(PAYLOAD_SCHEMAS.STREAM.eq(stream.value()), PAYLOAD_SCHEMAS.EVENT_NAME.eq(name.value()))
                    .forEach(row -> schemas.put(new EventVersion(row.value1()), row.value2()));
            return schemas;
        });
    }

    @Override
    public boolean delete(StreamName stream, EventName name, EventVersion version) {
        return SqlFailures.call(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            boolean deleted = tx.deleteFrom(PAYLOAD_SCHEMAS).where(key(stream, name, version)).execute() == 1;
            if (deleted) {
                changed(tx);
            }
            return deleted;
        }));
    }

    @Override
    public long revision() {
        return SqlFailures.call(() -> dsl.select(PAYLOAD_SCHEMA_REVISION.REVISION).from(PAYLOAD_SCHEMA_REVISION)
                .fetchSingle(PAYLOAD_SCHEMA_REVISION.REVISION));
    }

    private static void changed(DSLContext tx) {
        tx.update(PAYLOAD_SCHEMA_REVISION)
                .set(PAYLOAD_SCHEMA_REVISION.REVISION, PAYLOAD_SCHEMA_REVISION.REVISION.plus(1))
                .execute();
    }

    private static org.jooq.Condition key(StreamName stream, EventName name, EventVersion version) {
        return PAYLOAD_SCHEMAS.STREAM.eq(stream.value())
                .and(PAYLOAD_SCHEMAS.EVENT_NAME.eq(name.value()))
                .and(PAYLOAD_SCHEMAS.VERSION.eq(version.value()));
    }
}

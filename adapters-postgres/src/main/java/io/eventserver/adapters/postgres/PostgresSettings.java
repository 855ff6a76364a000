package io.eventserver.adapters.postgres;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.application.port.out.EventStore;

/**
 * The PostgreSQL engine's settings ({@code storage.kind: postgres}, and the metadata of the Kafka engine): where the
 * database is — or where an embedded one keeps its data when none is given — how its connections are used, and
 * the most event names of a stream. {@link DatabaseSettings} is the database this resolves to.
 *
 * @param url                   JDBC URL; empty: start an embedded PostgreSQL in {@code embeddedDataDirectory}
 * @param embeddedDataDirectory where the embedded database keeps its data between runs
 * @param maxEventNames         the most event names a stream may have
 */
public record PostgresSettings(Optional<String> url, String user, String password, PoolSettings pool,
                               Path embeddedDataDirectory, int maxEventNames) {

    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(pool, "pool");
    }

    /** With the default most event names of a stream. */
    public PostgresSettings(Optional<String> url, String user, String password, PoolSettings pool,
                            Path embeddedDataDirectory) {
        this(url, user, password, pool, embeddedDataDirectory, EventStore.DEFAULT_MAX_EVENT_NAMES);
    }
}

package io.eventserver.bootstrap;

import java.util.List;

import io.eventserver.adapters.kafka.KafkaSettings;
import io.eventserver.adapters.kafka.KafkaStorage;
import io.eventserver.adapters.postgres.PostgresStorage;
import io.eventserver.application.port.out.StorageEngine;

/**
 * The one place where a storage engine is chosen, by {@code storage.kind}. A new engine adds a {@code case} here
 * and nothing else in bootstrap (README, "Extending").
 */
final class Storages {

    static final List<String> KINDS = List.of("postgres", "kafka");

    private Storages() {
    }

    /** Opens the configured engine; {@link Configuration#storageKind} has checked the kind. */
    static StorageEngine open(Configuration settings) {
        return switch (settings.storageKind()) {
            case "postgres" -> PostgresStorage.open(settings.postgres());
            case "kafka" -> kafka(settings);
            default -> throw new IllegalArgumentException("unknown storage.kind " + settings.storageKind());
        };
    }

    /**
     * Kafka for the events, PostgreSQL ({@code db.*}, embedded when none is configured) for users, id owners and the
     * Kafka engine's own metadata (ADR 38).
     */
    private static StorageEngine kafka(Configuration settings) {
        KafkaSettings kafka = settings.kafka();
        PostgresStorage metadata = PostgresStorage.open(settings.postgres());
        try {
            return new EventsBesideMetadata(KafkaStorage.open(kafka, settings.maxEventNames(), metadata.dataSource(),
                    metadata.userStore(), metadata.idOwnership()), metadata);
        } catch (RuntimeException e) {
            metadata.close();
            throw e;
        }
    }
}

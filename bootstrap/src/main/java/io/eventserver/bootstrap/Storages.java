package io.eventserver.bootstrap;

import java.util.List;

import io.eventserver.adapters.postgres.PostgresStorage;
import io.eventserver.application.port.out.StorageEngine;

/**
 * The one place where a storage engine is chosen, by {@code storage.kind}. A new engine adds a {@code case} here
 * and nothing else in bootstrap (README, "Extending").
 */
final class Storages {

    static final List<String> KINDS = List.of("postgres");

    private Storages() {
    }

    /** Opens the configured engine; {@link Settings#storageKind} has checked the kind. */
    static StorageEngine open(Settings settings) {
        return switch (settings.storageKind()) {
            case "postgres" -> PostgresStorage.open(settings.postgres());
            default -> throw new IllegalArgumentException("unknown storage.kind " + settings.storageKind());
        };
    }
}

package io.eventserver.application.port.out.memory;

import java.util.List;
import java.util.Optional;

import io.eventserver.application.model.IdOwner;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;

/** {@link IdOwnership} in memory, under the engine's one lock. */
final class InMemoryIdOwnership implements IdOwnership {

    private final Memory memory;

    InMemoryIdOwnership(Memory memory) {
        this.memory = memory;
    }

    @Override
    public Login claim(IdKind kind, String id, Login user) {
        synchronized (memory) {
            return memory.owners.get(kind).computeIfAbsent(id, ignored -> new Memory.Owner(user,
                    memory.clock.instant())).login();
        }
    }

    @Override
    public Optional<Login> owner(IdKind kind, String id) {
        synchronized (memory) {
            return Optional.ofNullable(memory.owners.get(kind).get(id)).map(Memory.Owner::login);
        }
    }

    @Override
    public List<IdOwner> owners(IdKind kind, Optional<String> after, int limit) {
        synchronized (memory) {
            var owners = memory.owners.get(kind);
            return (after.isPresent() ? owners.tailMap(after.get(), false) : owners).entrySet().stream()
                    .limit(limit)
                    .map(entry -> new IdOwner(kind, entry.getKey(), entry.getValue().login(),
                            entry.getValue().since()))
                    .toList();
        }
    }

    @Override
    public Optional<Login> assign(IdKind kind, String id, Login owner) {
        synchronized (memory) {
            return Optional.ofNullable(memory.owners.get(kind).put(id, new Memory.Owner(owner,
                    memory.clock.instant()))).map(Memory.Owner::login);
        }
    }
}

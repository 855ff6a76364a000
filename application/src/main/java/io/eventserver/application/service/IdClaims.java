package io.eventserver.application.service;

import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;

/** The one rule for producer and consumer ids: a user may use an id that is its own or nobody's yet. */
final class IdClaims {

    private IdClaims() {
    }

    /** @throws IdBelongsToAnotherUser when the id belongs to another user; then nothing was changed */
    static void claim(IdOwnership ownership, IdKind kind, String id, Login user) {
        if (!ownership.claim(kind, id, user).equals(user)) {
            throw new IdBelongsToAnotherUser(kind, id);
        }
    }
}

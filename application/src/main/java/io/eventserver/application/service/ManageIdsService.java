package io.eventserver.application.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.application.model.IdOwner;
import io.eventserver.application.port.in.ManageIdsUseCase;
import io.eventserver.application.port.in.ManageUsersUseCase;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;

public final class ManageIdsService implements ManageIdsUseCase {

    private static final System.Logger AUDIT = System.getLogger("eventserver.audit");

    private final IdOwnership ownership;
    private final ManageUsersUseCase users;

    public ManageIdsService(IdOwnership ownership, ManageUsersUseCase users) {
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.users = Objects.requireNonNull(users, "users");
    }

    @Override
    public IdPage owners(IdKind kind, Optional<String> after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidValue("limit must be an integer between 1 and " + MAX_PAGE);
        }
        // one more than asked for tells whether a next page exists
        List<IdOwner> page = ownership.owners(kind, after, limit + 1);
        if (page.size() <= limit) {
            return new IdPage(page, Optional.empty());
        }
        List<IdOwner> shown = page.subList(0, limit);
        return new IdPage(shown, Optional.of(shown.getLast().id()));
    }

    @Override
    public Optional<Login> assign(IdKind kind, String id, Login owner, Login actor) {
        users.get(owner);
        Optional<Login> previous = ownership.assign(kind, id, owner);
        AUDIT.log(System.Logger.Level.INFO, kind + " " + id + " assigned by " + actor + ": "
                + previous.map(Login::value).orElse("nobody") + " -> " + owner);
        return previous;
    }
}

package io.eventserver.application.port.in;

import java.util.List;
import java.util.Optional;

import io.eventserver.application.model.IdOwner;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;

/** Which user each producer and consumer id belongs to, and moving one to another user (admins). */
public interface ManageIdsUseCase {

    int MAX_PAGE = 1000;

    /**
     * @param after the last id of the previous page; empty for the first page
     * @param limit 1..{@link #MAX_PAGE}
     * @throws io.eventserver.domain.common.InvalidValue when the limit is outside that range
     */
    IdPage owners(IdKind kind, Optional<String> after, int limit);

    /** @param next the {@code after} of the next page; empty on the last page */
    record IdPage(List<IdOwner> owners, Optional<String> next) {
        public IdPage {
            owners = List.copyOf(owners);
        }
    }

    /**
     * Gives the id to {@code owner} (an existing user), audited under {@code actor}.
     *
     * @return the previous owner; empty when the id had none
     * @throws ManageUsersUseCase.UserNotFound when {@code owner} is no user
     */
    Optional<Login> assign(IdKind kind, String id, Login owner, Login actor);
}

package io.eventserver.application.port.out;

import java.util.List;
import java.util.Optional;

import io.eventserver.application.model.IdOwner;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;

/**
 * Durable record of which user each producer and consumer id belongs to. The contract every implementation must
 * pass is {@code IdOwnershipContractTest} in this module's test sources.
 */
public interface IdOwnership {

    /**
     * Claims the id for {@code user} unless it belongs to someone already, atomically: of users racing to claim a
     * new id exactly one gets it. When this returns, the claim is committed.
     *
     * @return the id's owner: {@code user} when it claimed the id now or owned it before
     */
    Login claim(IdKind kind, String id, Login user);

    /** The id's owner; empty when nobody claimed it. */
    Optional<Login> owner(IdKind kind, String id);

    /** At most {@code limit} ids of the kind that sort after {@code after} (all when empty), in id order. */
    List<IdOwner> owners(IdKind kind, Optional<String> after, int limit);

    /**
     * Gives the id to {@code owner}, whoever had it. Within a second every process sees the new owner.
     *
     * @return the previous owner; empty when the id had none
     */
    Optional<Login> assign(IdKind kind, String id, Login owner);
}

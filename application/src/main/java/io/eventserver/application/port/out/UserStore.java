package io.eventserver.application.port.out;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.UserAccount;

/**
 * Durable storage of the users that admins manage at run time. The contract every implementation must pass is
 * {@code UserStoreContractTest} in this module's test sources.
 */
public interface UserStore {

    Optional<UserAccount> find(Login login);

    /**
     * At most {@code limit} users whose logins sort after {@code after} (from the first when empty), in login order
     * (by their bytes).
     */
    List<UserAccount> list(Optional<Login> after, int limit);

    /**
     * Creates or replaces the user. When this returns, it is committed. Logins are unique regardless of case: of
     * users saved at once whose logins differ only in case, at most one is stored, on every process.
     *
     * @return true when the user was created, false when it replaced one
     * @throws io.eventserver.domain.access.LoginTaken when a stored user's login differs from it only in case
     */
    boolean save(UserAccount user);

    /**
     * Changes a stored user in one step: {@code change} gets the user as stored and returns it as it is to be
     * stored; no other save, update or delete of the same login comes between the two. When this returns, the
     * change is committed and announced like a save. An exception thrown by {@code change} changes nothing.
     *
     * @return the user as changed; empty when there is no such user (nothing is created)
     */
    Optional<UserAccount> update(Login login, UnaryOperator<UserAccount> change);

    /** @return false when there was no such user */
    boolean delete(Login login);

    /**
     * Registers {@code listener} to be told the login of every user that is saved or deleted by any process on the
     * same storage, within a second of the commit, on a thread of the store's. Also told (with every login it
     * may have missed unknown) when the store lost and regained its notifications: then {@code listener} gets
     * {@code null}, meaning "anything may have changed".
     */
    void onChange(Consumer<Login> listener);
}

package io.eventserver.application.port.in;

import java.util.Optional;
import java.util.function.Consumer;

import io.eventserver.application.model.AuthenticatedUser;
import io.eventserver.domain.access.Login;

/** Checks a login's password and says what the user may do. Users from the configuration come first. */
public interface AuthenticateUseCase {

    /**
     * Takes as long for an unknown login as for a wrong password.
     *
     * @return the user when the password is right; empty for an unknown login or a wrong password
     */
    Optional<AuthenticatedUser> authenticate(String login, char[] password);

    /**
     * What the user may do now, without checking a password: for a login that has just been authenticated.
     *
     * @return empty when there is no such user (any more)
     */
    Optional<AuthenticatedUser> find(String login);

    /**
     * Registers {@code listener} to be told, within a second, of every user that is changed or deleted by any
     * process: with its login, or with empty when anything may have changed (e.g. after a lost connection).
     */
    void onUserChanged(Consumer<Optional<Login>> listener);
}

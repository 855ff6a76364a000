package io.eventserver.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.eventserver.application.model.UserView;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.Login;

/** Users managed at run time by admins; users from the configuration are shown but read-only. */
public interface ManageUsersUseCase {

    /**
     * Creates or replaces a user; the password is stored only as a salted slow hash.
     *
     * @return true when the user was created
     * @throws io.eventserver.domain.common.InvalidValue when the login does not follow the rule of new logins
     *                                                   ({@link Login#forNewUser}) or the password breaks the
     *                                                   password rule (at least 12 characters, valid Unicode, no
     *                                                   control characters, not only whitespace)
     * @throws io.eventserver.domain.access.LoginTaken   when another user's login differs only in case
     * @throws UserIsReadOnly                            when the login is a configuration user
     */
    boolean put(PutUserCommand command);

    /**
     * Changes some members of a stored user (a JSON merge patch, RFC 7396): each given member replaces the stored
     * one, the others stay; no other change of the same user comes between reading and writing it.
     *
     * @return the user as changed
     * @throws UserNotFound                              when there is no such user (nothing is created)
     * @throws UserIsReadOnly                            when the login is a configuration user
     * @throws io.eventserver.domain.common.InvalidValue when a new password is too short, like {@link #put}
     */
    UserView patch(PatchUserCommand command);

    /**
     * A page of the users: configuration users first, then database users, each in login order (issue 29: bounded
     * like every list).
     *
     * @param after the last login of the previous page; empty for the first page
     * @param limit 1..{@link #MAX_PAGE}
     * @throws io.eventserver.domain.common.InvalidValue when the limit is outside that range
     */
    UserPage list(Optional<Login> after, int limit);

    /** The most users of a page. */
    int MAX_PAGE = 1000;

    /** @param next the {@code after} of the next page; empty on the last page */
    record UserPage(List<UserView> users, Optional<Login> next) {
        public UserPage {
            users = List.copyOf(users);
            Objects.requireNonNull(next, "next");
        }
    }

    /** @throws UserNotFound when there is no such user */
    UserView get(Login login);

    /**
     * @throws UserNotFound   when there is no such user
     * @throws UserIsReadOnly when the login is a configuration user
     */
    void delete(Login login, Login actor);

    /** @param grants empty: none of its own, the server's default grants apply */
    record PutUserCommand(Login login, char[] password, Set<String> roles, Optional<List<Grant>> grants,
                          Login actor) {
        public PutUserCommand {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(password, "password");
            roles = Set.copyOf(roles);
            grants = grants.map(List::copyOf);
            Objects.requireNonNull(actor, "actor");
        }
    }

    /**
     * @param password empty: unchanged
     * @param roles    empty: unchanged
     * @param grants   empty: unchanged; {@code Optional.of(Optional.empty())}: the user's own grants are removed and
     *                 the server's default grants apply; otherwise its new own grants
     */
    record PatchUserCommand(Login login, Optional<char[]> password, Optional<Set<String>> roles,
                            Optional<Optional<List<Grant>>> grants, Login actor) {
        public PatchUserCommand {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(password, "password");
            roles = roles.map(Set::copyOf);
            grants = grants.map(own -> own.map(List::copyOf));
            Objects.requireNonNull(actor, "actor");
        }
    }

    final class UserNotFound extends RuntimeException {
        public UserNotFound(Login login) {
            super("user " + login + " does not exist", null, false, false);
        }
    }

    final class UserIsReadOnly extends RuntimeException {
        public UserIsReadOnly(Login login) {
            super("user " + login + " is defined in the configuration and cannot be changed here", null, false,
                    false);
        }
    }
}

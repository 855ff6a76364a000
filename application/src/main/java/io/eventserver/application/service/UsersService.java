package io.eventserver.application.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.eventserver.application.model.AuthenticatedUser;
import io.eventserver.application.model.UserView;
import io.eventserver.application.port.in.AuthenticateUseCase;
import io.eventserver.application.port.in.ManageUsersUseCase;
import io.eventserver.application.port.out.UserStore;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.LoginTaken;
import io.eventserver.domain.access.UserAccount;
import io.eventserver.domain.common.InvalidValue;

/**
 * Users from two places (ADR 26): the configuration, read at start and read-only, and the {@link UserStore}, which
 * admins change at run time. A login in the configuration shadows a stored user of the same login.
 */
public final class UsersService implements AuthenticateUseCase, ManageUsersUseCase {

    private static final System.Logger AUDIT = System.getLogger("eventserver.audit");

    private final NavigableMap<Login, UserAccount> configured = new TreeMap<>(
            (a, b) -> a.value().compareTo(b.value()));
    private final UserStore store;
    private final PasswordHashes hashes;
    private final List<Grant> defaultGrants;
    /** Told of this process's own changes at once; other processes' come through the store. */
    private final List<Consumer<Optional<Login>>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param configured    the users of the configuration, with their hashes (or in-memory plain digests)
     * @param defaultGrants the grants of a user that has none of its own
     */
    public UsersService(List<UserAccount> configured, UserStore store, PasswordHashes hashes,
                        List<Grant> defaultGrants) {
        for (UserAccount user : configured) {
            if (this.configured.put(user.login(), user) != null) {
                throw new IllegalArgumentException("user " + user.login() + " is configured twice");
            }
        }
        this.store = Objects.requireNonNull(store, "store");
        this.hashes = Objects.requireNonNull(hashes, "hashes");
        this.defaultGrants = List.copyOf(defaultGrants);
    }

    @Override
    public Optional<AuthenticatedUser> authenticate(String login, char[] password) {
        Optional<UserAccount> account = valid(login).flatMap(this::find);
        if (account.isEmpty()) {
            hashes.verifyNothing(password);
            return Optional.empty();
        }
        UserAccount user = account.get();
        if (!hashes.verify(user.passwordHash(), password)) {
            return Optional.empty();
        }
        return Optional.of(authenticated(user));
    }

    @Override
    public Optional<AuthenticatedUser> find(String login) {
        return valid(login).flatMap(this::find).map(this::authenticated);
    }

    private AuthenticatedUser authenticated(UserAccount user) {
        return new AuthenticatedUser(user.login(), user.permissions(defaultGrants));
    }

    @Override
    public void onUserChanged(Consumer<Optional<Login>> listener) {
        listeners.add(listener);
        store.onChange(login -> listener.accept(Optional.ofNullable(login)));
    }

    @Override
    public boolean put(PutUserCommand command) {
        requireChangeable(command.login());
        Login.forNewUser(command.login().value());
        for (Login login : configured.keySet()) {
            if (command.login().differsOnlyInCaseFrom(login)) {
                throw new LoginTaken(command.login(), login);
            }
        }
        PasswordHashes.requireAcceptable(command.password());
        // the store refuses a login that differs only in case from another stored one, atomically
        boolean created = store.save(new UserAccount(command.login(), hashes.hash(command.password()),
                command.roles(), command.grants()));
        AUDIT.log(System.Logger.Level.INFO, "user " + command.login() + (created ? " created" : " replaced")
                + " by " + command.actor() + ": roles " + auditRoles(command.roles()) + ", grants "
                + command.grants().map(UsersService::auditGrants).orElse("default"));
        changed(command.login());
        return created;
    }

    @Override
    public UserView patch(PatchUserCommand command) {
        requireChangeable(command.login());
        command.password().ifPresent(PasswordHashes::requireAcceptable);
        // hashed before the row is locked: the slow hash must not hold up other changes of the user
        Optional<String> hash = command.password().map(hashes::hash);
        UserAccount changed = store.update(command.login(), user -> new UserAccount(user.login(),
                        hash.orElse(user.passwordHash()), command.roles().orElse(user.roles()),
                        command.grants().orElse(user.grants())))
                .orElseThrow(() -> new UserNotFound(command.login()));
        AUDIT.log(System.Logger.Level.INFO, "user " + command.login() + " changed by " + command.actor() + ": "
                + (hash.isPresent() ? "password changed, " : "") + "roles " + auditRoles(changed.roles()) + ", grants "
                + changed.grants().map(UsersService::auditGrants).orElse("default"));
        changed(command.login());
        return view(changed, false);
    }

    /**
     * Configuration users first, then database users, each in login order: an {@code after} that is a configuration
     * user's login is in the first part, any other in the second (a database user of a configured login is shadowed,
     * never listed). One more than asked for tells whether a next page exists.
     */
    @Override
    public UserPage list(Optional<Login> after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidValue("limit must be an integer between 1 and " + MAX_PAGE);
        }
        List<UserView> users = new ArrayList<>(limit + 1);
        Optional<Login> fromStore = after;
        if (after.isEmpty() || configured.containsKey(after.get())) {
            for (UserAccount user : after.isEmpty() ? configured.values()
                    : configured.tailMap(after.get(), false).values()) {
                if (users.size() > limit) {
                    break;
                }
                users.add(view(user, true));
            }
            fromStore = Optional.empty();
        }
        if (users.size() <= limit) {
            // shadowed ones are skipped: reading that many more is enough
            for (UserAccount user : store.list(fromStore, limit + 1 - users.size() + configured.size())) {
                if (users.size() > limit) {
                    break;
                }
                if (!configured.containsKey(user.login())) {
                    users.add(view(user, false));
                }
            }
        }
        if (users.size() <= limit) {
            return new UserPage(users, Optional.empty());
        }
        List<UserView> shown = users.subList(0, limit);
        return new UserPage(shown, Optional.of(shown.getLast().login()));
    }

    @Override
    public UserView get(Login login) {
        UserAccount configuredUser = configured.get(login);
        if (configuredUser != null) {
            return view(configuredUser, true);
        }
        return store.find(login).map(user -> view(user, false)).orElseThrow(() -> new UserNotFound(login));
    }

    @Override
    public void delete(Login login, Login actor) {
        requireChangeable(login);
        if (!store.delete(login)) {
            throw new UserNotFound(login);
        }
        AUDIT.log(System.Logger.Level.INFO, "user " + login + " deleted by " + actor);
        changed(login);
    }

    /** Roles as the API writes them in a user document: {@code ["admin"]}. */
    static String auditRoles(Collection<String> roles) {
        return roles.stream().sorted()
                .map(role -> "\"" + role.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** Grants as the API writes them in a user document: {@code [{"streams":"orders.*","actions":["consume"]}]}. */
    static String auditGrants(List<Grant> grants) {
        return grants.stream().map(Grant::toString).collect(Collectors.joining(",", "[", "]"));
    }

    private void changed(Login login) {
        listeners.forEach(listener -> listener.accept(Optional.of(login)));
    }

    private Optional<UserAccount> find(Login login) {
        UserAccount configuredUser = configured.get(login);
        return configuredUser != null ? Optional.of(configuredUser) : store.find(login);
    }

    private void requireChangeable(Login login) {
        if (configured.containsKey(login)) {
            throw new UserIsReadOnly(login);
        }
    }

    private static Optional<Login> valid(String login) {
        try {
            return Optional.of(new Login(login));
        } catch (InvalidValue notALogin) {
            return Optional.empty();
        }
    }

    private static UserView view(UserAccount user, boolean readOnly) {
        return new UserView(user.login(), user.roles(), user.grants(), readOnly);
    }
}

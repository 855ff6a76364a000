package io.eventserver.adapters.http;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.eventserver.application.model.AuthenticatedUser;
import io.eventserver.application.model.UserView;
import io.eventserver.application.port.in.AuthenticateUseCase;
import io.eventserver.application.port.in.ManageIdsUseCase;
import io.eventserver.application.port.in.ManageUsersUseCase;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.Permissions;

/**
 * Users behind the HTTP adapter's user ports, for its tests: logins with passwords and permissions. User and id
 * management record what they were asked.
 */
public final class FakeUsers implements AuthenticateUseCase, ManageUsersUseCase, ManageIdsUseCase {

    private record User(String password, Permissions permissions) {
    }

    private final Map<String, User> users = new ConcurrentHashMap<>();
    public volatile PutUserCommand lastPut;
    /** Passwords checked so far. */
    public final AtomicInteger passwordChecks = new AtomicInteger();
    public volatile PatchUserCommand lastPatch;

    public FakeUsers with(String login, String password, Permissions permissions) {
        users.put(login, new User(password, permissions));
        return this;
    }

    @Override
    public Optional<AuthenticatedUser> authenticate(String login, char[] password) {
        passwordChecks.incrementAndGet();
        User user = users.get(login);
        if (user == null || !Arrays.equals(user.password().toCharArray(), password)) {
            return Optional.empty();
        }
        return find(login);
    }

    @Override
    public Optional<AuthenticatedUser> find(String login) {
        return Optional.ofNullable(users.get(login))
                .map(user -> new AuthenticatedUser(new Login(login), user.permissions()));
    }

    @Override
    public void onUserChanged(Consumer<Optional<Login>> listener) {
    }

    @Override
    public boolean put(PutUserCommand command) {
        lastPut = command;
        return !users.containsKey(command.login().value());
    }

    @Override
    public UserView patch(PatchUserCommand command) {
        lastPatch = command;
        return get(command.login());
    }

    @Override
    public UserPage list(Optional<Login> after, int limit) {
        List<UserView> all = users.keySet().stream().sorted()
                .filter(login -> after.isEmpty() || login.compareTo(after.get().value()) > 0)
                .map(login -> get(new Login(login))).toList();
        return all.size() > limit
                ? new UserPage(all.subList(0, limit), Optional.of(all.get(limit - 1).login()))
                : new UserPage(all, Optional.empty());
    }

    @Override
    public UserView get(Login login) {
        User user = users.get(login.value());
        if (user == null) {
            throw new UserNotFound(login);
        }
        return new UserView(login, user.permissions().roles(), Optional.of(user.permissions().grants()), false);
    }

    @Override
    public void delete(Login login, Login actor) {
        if (users.remove(login.value()) == null) {
            throw new UserNotFound(login);
        }
    }

    @Override
    public IdPage owners(IdKind kind, Optional<String> after, int limit) {
        return new IdPage(List.of(), Optional.empty());
    }

    @Override
    public Optional<Login> assign(IdKind kind, String id, Login owner, Login actor) {
        return Optional.empty();
    }
}

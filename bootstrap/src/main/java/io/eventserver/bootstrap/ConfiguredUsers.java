package io.eventserver.bootstrap;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.eventserver.application.service.PasswordHashes;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.StreamPattern;
import io.eventserver.domain.access.UserAccount;
import io.eventserver.domain.common.InvalidValue;
import io.helidon.config.Config;

/**
 * The users of the configuration, in Helidon Security's {@code http-basic-auth} format
 * ({@code security.providers[].http-basic-auth.users[]}) with two additions: {@code password-hash} instead of
 * {@code password} (a {@code $pbkdf2-sha256$…} string from {@code bin/eventserver hash-password}), and
 * {@code grants} in the shape of the user document. They are read-only bootstrap users (ADR 26). Their logins follow
 * the rule of new logins; their passwords need not follow the rule of passwords set through the API, so that
 * plain demo passwords such as {@code alice-pw} keep working (ADR 43).
 */
final class ConfiguredUsers {

    private static final System.Logger LOGGER = System.getLogger(ConfiguredUsers.class.getName());
    private static final String PROVIDER = "http-basic-auth";

    private ConfiguredUsers() {
    }

    /** The one {@code http-basic-auth} provider of the {@code security} section. */
    static Config provider(Config security) {
        List<Config> providers = security.get("providers").asNodeList().orElse(List.of());
        if (providers.size() != 1 || !providers.getFirst().get(PROVIDER).exists()) {
            throw new IllegalArgumentException("security.providers must hold exactly one provider, " + PROVIDER);
        }
        return providers.getFirst().get(PROVIDER);
    }

    /**
     * @throws IllegalArgumentException naming the user and the setting that is wrong
     */
    static List<UserAccount> read(Config security) {
        List<UserAccount> users = new ArrayList<>();
        Set<String> logins = new HashSet<>();
        for (Config user : provider(security).get("users").asNodeList().orElse(List.of())) {
            String login = user.get("login").asString().orElseThrow(
                    () -> new IllegalArgumentException("security: a user without login"));
            // logins are unique regardless of case (ADR 43)
            if (!logins.add(login.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("security: login " + login + " is configured twice"
                        + " (logins are unique regardless of case)");
            }
            try {
                users.add(account(user, Login.forNewUser(login)));
            } catch (InvalidValue e) {
                throw new IllegalArgumentException("security: user " + login + ": " + e.getMessage());
            }
        }
        return users;
    }

    private static UserAccount account(Config user, Login login) {
        Optional<String> plain = user.get("password").asString().asOptional();
        Optional<String> hash = user.get("password-hash").asString().asOptional();
        if (plain.isPresent() == hash.isPresent()) {
            throw new InvalidValue("give either password-hash or password");
        }
        String stored;
        if (hash.isPresent()) {
            stored = PasswordHashes.requireHash(hash.get(), "password-hash");
        } else {
            LOGGER.log(System.Logger.Level.WARNING, "security: user " + login + " has a plain-text password in the"
                    + " configuration; use password-hash (bin/eventserver hash-password prints one)");
            stored = PasswordHashes.plain(plain.get().toCharArray());
        }
        return new UserAccount(login, stored, Set.copyOf(user.get("roles").asList(String.class).orElse(List.of())),
                grants(user.get("grants")));
    }

    private static Optional<List<Grant>> grants(Config grants) {
        if (!grants.exists()) {
            return Optional.empty();
        }
        List<Grant> result = new ArrayList<>();
        for (Config grant : grants.asNodeList().orElse(List.of())) {
            Set<Action> actions = EnumSet.noneOf(Action.class);
            for (String action : grant.get("actions").asList(String.class).orElse(List.of())) {
                actions.add(Action.of(action, "grants.actions"));
            }
            result.add(new Grant(new StreamPattern(grant.get("streams").asString().orElse("")), actions));
        }
        return Optional.of(result);
    }
}

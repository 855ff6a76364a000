package io.eventserver.adapters.http.security;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.helidon.config.Config;
import io.helidon.security.Security;
import io.helidon.security.providers.httpauth.HttpBasicAuthProvider;
import io.helidon.security.providers.httpauth.SecureUserStore;

/**
 * The users of Helidon Security's standard {@code http-basic-auth} provider configuration
 * ({@code security.providers[].http-basic-auth.users[]} with {@code login}, {@code password}, {@code roles}), held
 * so that checking a password takes the same time whatever it is compared with:
 * <ul>
 *     <li>passwords are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so neither the position of
 *     the first differing character nor the length of the stored password shows in the timing (Helidon's own
 *     store uses {@code Arrays.equals});</li>
 *     <li>an unknown login is answered by a user that never matches but does the same work, so the timing does
 *     not tell whether a login exists. The answer (401) is the same in both cases anyway.</li>
 * </ul>
 */
public final class ConfiguredUsers implements SecureUserStore {

    private static final String PROVIDER = "http-basic-auth";

    private final Map<String, ConfiguredUser> users;
    private final ConfiguredUser nobody = new ConfiguredUser("", digest(new char[] {'\0'}), Set.of(), false);

    private ConfiguredUsers(List<ConfiguredUser> users) {
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(ConfiguredUser::login, Function.identity(),
                (a, b) -> {
                    throw new IllegalArgumentException("security: login " + a.login() + " is configured twice");
                }));
    }

    /**
     * Builds Helidon {@link Security} with one HTTP Basic provider from the {@code security} configuration section.
     *
     * @throws IllegalArgumentException when the section has no {@code http-basic-auth} provider or another kind
     */
    public static Security security(Config security) {
        List<Config> providers = security.get("providers").asNodeList().orElse(List.of());
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("security.providers must hold exactly one provider, " + PROVIDER);
        }
        HttpBasicAuthProvider.Builder basic = null;
        for (Config provider : providers) {
            Config settings = provider.get(PROVIDER);
            if (!settings.exists() || basic != null) {
                throw new IllegalArgumentException("security.providers must hold exactly one provider, " + PROVIDER);
            }
            basic = HttpBasicAuthProvider.builder()
                    .realm(settings.get("realm").asString().orElse("eventserver"))
                    .userStore(fromConfig(settings.get("users")));
        }
        return Security.builder().addProvider(basic.build()).build();
    }

    public static ConfiguredUsers fromConfig(Config users) {
        return new ConfiguredUsers(users.asNodeList().orElse(List.of()).stream()
                .map(user -> new ConfiguredUser(
                        user.get("login").asString().orElseThrow(
                                () -> new IllegalArgumentException("security: a user without login")),
                        digest(user.get("password").asString().orElse("").toCharArray()),
                        Set.copyOf(user.get("roles").asList(String.class).orElse(List.of())),
                        true))
                .toList());
    }

    @Override
    public Optional<User> user(String login) {
        return Optional.of(users.getOrDefault(login, nobody));
    }

    private static byte[] digest(char[] password) {
        try {
            var bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(bytes);
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private record ConfiguredUser(String login, byte[] passwordDigest, Collection<String> roles, boolean exists)
            implements User {

        @Override
        public boolean isPasswordValid(char[] password) {
            boolean equal = MessageDigest.isEqual(passwordDigest, digest(password));
            return equal && exists;
        }
    }
}

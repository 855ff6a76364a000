package io.eventserver.adapters.http.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.eventserver.adapters.http.AccessSettings;
import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.application.port.in.AuthenticateUseCase;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Security;
import io.helidon.security.SecurityContext;
import io.helidon.security.SecurityEnvironment;
import io.helidon.security.providers.httpauth.HttpBasicAuthProvider;
import io.helidon.security.providers.httpauth.SecureUserStore;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Authenticates every request to a non-public path (see {@link RouteAccess}) before any route sees it: Helidon
 * Security's {@code http-basic-auth} provider reads the header, and its user store asks the
 * {@link AuthenticateUseCase} (configuration users, then database users; salted slow hashes, ADR 27). A failure of
 * any kind (no header, another scheme, bad base64, unknown user, wrong password) answers 401
 * {@code "Unauthorized"} with a {@code WWW-Authenticate} challenge; the reason is not told, so nobody learns which
 * users exist. Failed logins are throttled per login and client address ({@link LoginThrottle}: 429, checked before
 * the password, so even the right one waits). The authenticated {@link Caller} is registered in the request context
 * for {@link RateLimitFilter} and the routes ({@link RouteAccess}).
 * <p>
 * Helidon's own {@code SecurityFeature} answers 401 with an empty body; the contract wants the JSON body, so the
 * provider is called here instead. A header value that authenticated successfully is remembered for a minute
 * (as a SHA-256 digest, see {@link RecentCredentials}), so that a client sending the same credentials on every
 * request does not pay for a slow hash each time; a change of the user on any process forgets it within a second
 * (ADR 28); failures are never remembered.
 */
public final class BasicAuthenticationFilter implements Filter {

    private static final AtomicLong CONTEXT_IDS = new AtomicLong();

    private final Security security;
    private final AuthenticateUseCase authenticate;
    private final String defaultChallenge;
    private final RecentCredentials recent = new RecentCredentials(Duration.ofSeconds(60), 10_000);
    private final LoginThrottle throttle;
    private final Counter throttledLogins;

    public BasicAuthenticationFilter(AuthenticateUseCase authenticate, AccessSettings settings,
                                     MeterRegistry metrics) {
        this.authenticate = authenticate;
        this.security = Security.builder()
                .addProvider(HttpBasicAuthProvider.builder()
                        .realm(settings.realm())
                        .userStore(new Users(authenticate))
                        .build())
                .build();
        this.defaultChallenge = "Basic realm=\"" + settings.realm() + "\"";
        this.throttle = new LoginThrottle(settings.maxFailedLogins(), settings.failedLoginWindow());
        this.throttledLogins = metrics.getOrCreate(Counter.builder("eventserver.http.login.throttled")
                .description("Login attempts refused with 429 after too many failed logins"));
        authenticate.onUserChanged(login -> {
            if (login.isPresent()) {
                recent.forget(login.get());
            } else {
                recent.forgetAll();
            }
        });
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.prologue().uriPath().path();
        if (RouteAccess.isPublic(path)) {
            // health writes JSON without a charset; the contract wants one content type on every response
            res.header(HeaderNames.CONTENT_TYPE, JsonResponses.CONTENT_TYPE);
            chain.proceed();
            return;
        }
        Optional<String> login = basicLogin(req.headers().all(HeaderNames.AUTHORIZATION, List::of));
        if (login.isEmpty()) {
            // Refused here, before Helidon's provider sees it: at TRACE level the provider logs malformed headers
            // including their decoded content, which may be a password.
            unauthorized(res, defaultChallenge);
            return;
        }
        String address = req.remotePeer().host();
        long throttled = throttle.retryAfterSeconds(login.get(), address);
        if (throttled > 0) {
            throttledLogins.increment();
            RateLimitFilter.tooManyRequests(res, throttled,
                    "too many failed logins for this login or from this address");
            return;
        }
        String authorization = req.headers().get(HeaderNames.AUTHORIZATION).get();
        Caller caller = recent.get(authorization);
        if (caller == null) {
            long checkedAt = recent.generation();
            caller = authenticated(req, path);
            if (caller == null) {
                throttle.failed(login.get(), address);
                unauthorized(res, defaultChallenge);
                return;
            }
            recent.put(authorization, caller, checkedAt);
        }
        req.context().register(caller);
        if (RouteAccess.forbidden(path, caller)) {
            JsonResponses.sendString(res, Status.FORBIDDEN_403, RouteAccess.METRICS_ROLE_REQUIRED);
            return;
        }
        chain.proceed();
    }

    /** The caller when the provider accepts the credentials, else null. */
    private Caller authenticated(RoutingRequest req, String path) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        req.headers().forEach(header -> headers.put(header.name(), header.allValues()));
        SecurityEnvironment env = security.environmentBuilder()
                .path(path)
                .method(req.prologue().method().text())
                .transport(req.isSecure() ? "https" : "http")
                .headers(headers)
                .build();
        SecurityContext context = security.contextBuilder(Long.toString(CONTEXT_IDS.incrementAndGet()))
                .env(env)
                .build();
        AuthenticationResponse response = context.atnClientBuilder().submit();
        if (!response.status().isSuccess()) {
            return null;
        }
        return context.user()
                .map(subject -> subject.principal().getName())
                .flatMap(authenticate::find)
                .map(user -> new Caller(user.login(), user.permissions()))
                .orElse(null);
    }

    private static void unauthorized(RoutingResponse res, String challenge) {
        res.header(HeaderNames.WWW_AUTHENTICATE, challenge);
        JsonResponses.sendString(res, Status.UNAUTHORIZED_401, "Unauthorized");
    }

    /**
     * The login of exactly one {@code Authorization: Basic <base64 of "login:password">} header; empty for anything
     * else.
     */
    static Optional<String> basicLogin(List<String> authorization) {
        if (authorization.size() != 1) {
            return Optional.empty();
        }
        String value = authorization.getFirst();
        if (value.length() < 6 || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(0, colon));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** Helidon's view of our users: every login "exists" (the use case spends equal time on unknown ones). */
    private record Users(AuthenticateUseCase authenticate) implements SecureUserStore {
        @Override
        public Optional<User> user(String login) {
            return Optional.of(new User() {
                @Override
                public String login() {
                    return login;
                }

                @Override
                public boolean isPasswordValid(char[] password) {
                    return authenticate.authenticate(login, password).isPresent();
                }
            });
        }
    }
}

package io.eventserver.adapters.http.security;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.eventserver.adapters.http.AccessSettings;
import io.eventserver.adapters.http.errors.ErrorWriter;
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
 * Authenticates every request to a non-public path (see {@link RouteAccess}) before any route sees it: the
 * {@code Authorization: Basic} header is decoded here ({@link BasicCredentials}; the scheme in any case, padding
 * optional) and the password checked through Helidon Security's {@code http-basic-auth} provider against the
 * {@link AuthenticateUseCase} (configuration users, then database users; salted slow hashes, ADR 27). A failure
 * of any kind (no header, another scheme, bad base64, unknown user, wrong password) answers 401
 * {@code "Unauthorized"} with a {@code WWW-Authenticate} challenge; the reason is not told, so nobody learns which
 * users exist. Failed logins are throttled ({@link LoginThrottle}: 429, checked before the
 * password, so even the right one waits), and password checks are bounded at once and per login
 * ({@link PasswordChecks}), before hashing. The authenticated {@link Caller} is registered in the request context
 * for {@link RateLimitFilter} and the routes ({@link RouteAccess}).
 * <p>
 * Credentials that authenticated successfully are remembered for a minute, keyed on what was decoded (a SHA-256 of
 * login and password, {@link RecentCredentials}), so that a client sending the same credentials on every request —
 * in whatever spelling — pays for one slow hash, not one per request (ADR 42); a change of the user on any process
 * forgets them within a second (ADR 28); failures are never remembered. A remembered credential costs a base64
 * decoding, one SHA-256 and a map look-up per request; no lock.
 * <p>
 * Helidon Security's {@code http-basic-auth} provider checks the password, with our users behind it; it is handed
 * the credentials in one canonical spelling only, and never a malformed header (at TRACE level it logs those with
 * their decoded content, which may be a password). Its {@code SecurityFeature} is not used: it answers 401 with an
 * empty body, the contract wants the JSON one.
 */
public final class BasicAuthenticationFilter implements Filter {

    private static final AtomicLong CONTEXT_IDS = new AtomicLong();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final Security security;
    private final AuthenticateUseCase authenticate;
    private final String challenge;
    private final RecentCredentials recent = new RecentCredentials(Duration.ofSeconds(60), 10_000);
    private final LoginThrottle throttle;
    private final PasswordChecks checks;
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
        this.challenge = "Basic realm=\"" + settings.realm() + "\"";
        this.throttle = new LoginThrottle(settings.maxFailedLogins(), settings.perLoginGlobal(),
                settings.failedLoginWindow());
        this.checks = new PasswordChecks(settings.passwordChecks(), metrics);
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
        BasicCredentials credentials = BasicCredentials.parse(req.headers().all(HeaderNames.AUTHORIZATION, List::of));
        if (credentials == null) {
            unauthorized(res);
            return;
        }
        Caller caller;
        try {
            caller = caller(credentials, req, res);
        } finally {
            credentials.clear();
        }
        if (caller == null) {
            return;
        }
        req.context().register(caller);
        if (RouteAccess.forbidden(path, caller)) {
            ErrorWriter.send(res, Status.FORBIDDEN_403, RouteAccess.METRICS_ROLE_REQUIRED);
            return;
        }
        chain.proceed();
    }

    /** The caller the credentials authenticate; null when the request has been answered (401, 429 or 503). */
    private Caller caller(BasicCredentials credentials, RoutingRequest req, RoutingResponse res) {
        String login = credentials.login();
        String address = req.remotePeer().host();
        long throttled = throttle.retryAfterSeconds(login, address);
        if (throttled > 0) {
            throttledLogins.increment();
            RateLimitFilter.tooManyRequests(res, throttled,
                    "too many failed logins for this login or from this address");
            return null;
        }
        String key = credentials.key();
        Caller caller = recent.get(key);
        if (caller != null) {
            return caller;
        }
        long checkedAt = recent.generation();
        try {
            caller = checks.verify(login, () -> recent.get(key), () -> authenticated(credentials, req));
        } catch (PasswordChecks.TooMany e) {
            RateLimitFilter.tooManyRequests(res, e.retryAfterSeconds(), e.getMessage());
            return null;
        } catch (PasswordChecks.Busy e) {
            ErrorWriter.send(res, Status.SERVICE_UNAVAILABLE_503, "Service Unavailable - " + e.getMessage(), 1);
            return null;
        }
        if (caller == null) {
            // the slow part is behind us; whether the login exists only decides which failures count
            throttle.failed(login, address, authenticate.find(login).isPresent());
            unauthorized(res);
            return null;
        }
        throttle.succeeded(login, address);
        recent.put(key, caller, checkedAt);
        return caller;
    }

    /**
     * The caller when Helidon's provider accepts the credentials, else null. The provider gets the one header it
     * needs, in the canonical spelling of what was decoded, so that it reads what the cache and the throttles keyed.
     */
    private Caller authenticated(BasicCredentials credentials, RoutingRequest req) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put(HeaderNames.AUTHORIZATION.defaultCase(), List.of("Basic " + BASE64.encodeToString(
                credentials.decoded())));
        SecurityEnvironment env = security.environmentBuilder()
                .path(req.prologue().uriPath().path())
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

    private void unauthorized(RoutingResponse res) {
        res.header(HeaderNames.WWW_AUTHENTICATE, challenge);
        ErrorWriter.send(res, Status.UNAUTHORIZED_401, "Unauthorized");
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

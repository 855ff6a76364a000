package io.eventserver.adapters.http.security;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.eventserver.adapters.http.protocol.JsonResponses;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Role;
import io.helidon.security.Security;
import io.helidon.security.SecurityContext;
import io.helidon.security.SecurityEnvironment;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Authenticates every request to a non-public path (see {@link RouteAccess}) with Helidon Security, i.e. the
 * {@code http-basic-auth} provider and its users from configuration, before any route sees it. A failure of any
 * kind (no header, another scheme, bad base64, unknown user, wrong password) answers 401 {@code "Unauthorized"}
 * with a {@code WWW-Authenticate} challenge; the reason is not told, so nobody learns which users exist.
 * <p>
 * Helidon's own {@code SecurityFeature} answers 401 with an empty body; the contract wants the JSON body, so the
 * same provider is called here instead. A header value that authenticated successfully is remembered for a minute
 * (as a SHA-256 digest, see {@link RecentCredentials}), so that a client sending the same credentials on every
 * request does not pay for a full security context, provider call and audit event each time; failures are never
 * remembered.
 */
public final class BasicAuthenticationFilter implements Filter {

    private static final AtomicLong CONTEXT_IDS = new AtomicLong();

    private final Security security;
    private final String defaultChallenge;
    private final RecentCredentials recent = new RecentCredentials(Duration.ofSeconds(60), 10_000);

    public BasicAuthenticationFilter(Security security, String realm) {
        this.security = security;
        this.defaultChallenge = "Basic realm=\"" + realm + "\"";
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
        if (!isWellFormedBasic(req.headers().all(HeaderNames.AUTHORIZATION, List::of))) {
            // Refused here, before Helidon's provider sees it: at TRACE level the provider logs malformed headers
            // including their decoded content, which may be a password.
            unauthorized(res, defaultChallenge);
            return;
        }
        String authorization = req.headers().get(HeaderNames.AUTHORIZATION).get();
        Caller known = recent.get(authorization);
        if (known != null) {
            req.context().register(known);
            chain.proceed();
            return;
        }
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
        if (response.status().isSuccess()) {
            Caller caller = new Caller(context.userName(), context.user()
                    .map(subject -> subject.grants(Role.class).stream().map(Role::getName)
                            .collect(Collectors.toSet()))
                    .orElse(Set.of()));
            recent.put(authorization, caller);
            req.context().register(caller);
            chain.proceed();
            return;
        }
        unauthorized(res, response.responseHeaders()
                .getOrDefault("WWW-Authenticate", List.of(defaultChallenge))
                .getFirst());
    }

    private static void unauthorized(RoutingResponse res, String challenge) {
        res.header(HeaderNames.WWW_AUTHENTICATE, challenge);
        JsonResponses.sendString(res, Status.UNAUTHORIZED_401, "Unauthorized");
    }

    /** Exactly one {@code Authorization: Basic <base64 of "login:password">} header. */
    static boolean isWellFormedBasic(List<String> authorization) {
        if (authorization.size() != 1) {
            return false;
        }
        String value = authorization.getFirst();
        if (value.length() < 6 || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(value.substring(6).strip());
            for (byte b : decoded) {
                if (b == ':') {
                    return true;
                }
            }
            return false;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}

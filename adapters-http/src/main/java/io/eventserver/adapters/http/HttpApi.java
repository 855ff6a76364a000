package io.eventserver.adapters.http;

import java.util.Objects;

import io.eventserver.application.port.in.AcknowledgeEventUseCase;
import io.eventserver.application.port.in.PublishEventUseCase;
import io.eventserver.application.port.in.ReadEventsUseCase;
import io.helidon.common.config.Config;
import io.helidon.security.Security;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;

/**
 * The HTTP adapter as {@code bootstrap} sees it: give it the use cases and Helidon Security, and it sets up the
 * routing (authentication filter, routes, error answers) of a Helidon web server.
 */
public final class HttpApi {

    private final Security security;
    private final HttpSettings settings;
    private final EventsHttpService events;

    /** @param security as built by {@link #security(Config)} */
    public HttpApi(PublishEventUseCase publish, ReadEventsUseCase read, AcknowledgeEventUseCase acknowledge,
                   Security security, HttpSettings settings) {
        this.security = Objects.requireNonNull(security, "security");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = new EventsHttpService(publish, read, acknowledge, settings);
    }

    /**
     * Helidon Security for the API, from the {@code security} configuration section: one {@code http-basic-auth}
     * provider with its users, in Helidon Security's standard format, checked in constant time.
     *
     * @throws IllegalArgumentException when the section does not configure exactly that
     */
    public static Security security(Config securityConfig) {
        return ConfiguredUsers.security(securityConfig);
    }

    /** Adds the API to {@code routing}; features registered on the same routing (health) share its error answers. */
    public void configure(HttpRouting.Builder routing) {
        routing.addFilter(new BasicAuthenticationFilter(security, settings.realm()))
                .register(events);
        ErrorResponses.register(routing);
    }

    /** JSON answers for requests that fail before they reach the routing. */
    public DirectHandlers directHandlers() {
        return ErrorResponses.directHandlers();
    }
}

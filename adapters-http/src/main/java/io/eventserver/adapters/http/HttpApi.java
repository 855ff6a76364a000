package io.eventserver.adapters.http;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import io.eventserver.adapters.http.console.ConsoleHttpService;
import io.eventserver.adapters.http.edge.Http1Edge;
import io.eventserver.adapters.http.errors.ErrorResponses;
import io.eventserver.adapters.http.events.DeadLettersHttpService;
import io.eventserver.adapters.http.events.EventsHttpService;
import io.eventserver.adapters.http.events.LeaseMetrics;
import io.eventserver.adapters.http.events.SchemasHttpService;
import io.eventserver.adapters.http.observe.AccessLog;
import io.eventserver.adapters.http.observe.HealthHttpService;
import io.eventserver.adapters.http.observe.MetricsMetadataGuard;
import io.eventserver.adapters.http.openapi.OpenApiHttpService;
import io.eventserver.adapters.http.operator.ActivityHttpService;
import io.eventserver.adapters.http.operator.DeletionHttpService;
import io.eventserver.adapters.http.operator.OperatorJson;
import io.eventserver.adapters.http.operator.StreamsHttpService;
import io.eventserver.adapters.http.security.BasicAuthenticationFilter;
import io.eventserver.adapters.http.security.ConcurrencyLimit;
import io.eventserver.adapters.http.security.RateLimitFilter;
import io.eventserver.adapters.http.users.IdOwnersHttpService;
import io.eventserver.adapters.http.users.UsersHttpService;
import io.eventserver.application.port.in.AuthenticateUseCase;
import io.eventserver.application.port.out.VitalThread;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http1.Http1Config;

/**
 * The HTTP adapter as {@code bootstrap} sees it: give it the use cases and Helidon Security, and it sets up the
 * routing (authentication filter, routes, error answers) of a Helidon web server.
 */
public final class HttpApi implements AutoCloseable {

    private final AuthenticateUseCase authenticate;
    private final HttpSettings settings;
    private final List<HttpService> services;
    private final EventsHttpService events;
    private final HealthHttpService health;

    private final MeterRegistry metrics;
    private Http1Edge edge;

    /**
     * @param metrics where request metrics go (Helidon's registry, served at {@code /observe/metrics})
     * @param health  the checks {@code /observe/health} answers with
     */
    public HttpApi(UseCases useCases, HttpSettings settings, MeterRegistry metrics, Clock clock,
                   List<HealthCheck> health) {
        this.authenticate = useCases.authenticate();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.health = new HealthHttpService(health);
        this.events = new EventsHttpService(useCases.publish(), useCases.read(), useCases.acknowledge(),
                useCases.lease(), useCases.finish(), useCases.inspect(), useCases.search(), settings,
                new LeaseMetrics(metrics));
        this.services = List.of(
                // first: its DELETEs come before the other services' 405 for the methods they do not answer
                new DeletionHttpService(useCases.deleteStream(), useCases.deleteConsumer(), useCases.redact()),
                events,
                new DeadLettersHttpService(useCases.deadLetters()),
                new SchemasHttpService(useCases.schemas(), settings.maxBodyBytes()),
                new StreamsHttpService(useCases.inspect(), useCases.reset(), useCases.retention(),
                        new OperatorJson(clock)),
                new ActivityHttpService(useCases.inspect(), new OperatorJson(clock)),
                new UsersHttpService(useCases.users()),
                new IdOwnersHttpService(useCases.ids()),
                new OpenApiHttpService(settings.maxLimit()),
                new ConsoleHttpService());
    }

    /**
     * Sets up a web server for the API: its routing, the JSON answers for requests that fail before routing, and
     * HTTP/1.1 through the edge (framing, time-outs, connection limit; ADR 18, 50), without wire logging —
     * Helidon's packet logs (trace level) would write Authorization headers. Call {@link #start} once the server
     * runs and {@link #close} when it has stopped.
     */
    public void configure(WebServerConfig.Builder server) {
        EdgeSettings edge = settings.edge();
        server.routing(this::configure)
                .directHandlers(ErrorResponses.directHandlers())
                // Helidon hands its messages to the direct handlers, which answer the edge's refusals with them
                .errorHandling(ErrorHandling.builder().includeEntity(true).build());
        this.edge = Http1Edge.install(server, Http1Config.builder().receiveLog(false).sendLog(false),
                edge.headerTimeout(), edge.bodyTimeout(), edge.maxConnections(), edge.connectionHeadroom(), metrics);
    }

    /** The server has started (the edge's time-outs run on Helidon's idle-connection check). */
    public void start() {
        if (edge == null) {
            throw new IllegalStateException("configure a server first");
        }
    }

    /**
     * The adapter's own threads requests depend on: the event streams' watchdog (stalled writes). The edge has none
     * of its own: its head and body time-outs run on Helidon's idle-connection timer, which bootstrap watches with
     * Helidon's other threads (ADR 45, 50). Readiness answers 503 once one has died (issue 29).
     */
    public List<VitalThread> vitalThreads() {
        return List.of(events.vitalThread());
    }

    /** Stops the event streams' watchdog and removes the edge's metrics; the server has stopped. */
    @Override
    public void close() {
        events.close();
        if (edge != null) {
            edge.close();
        }
    }

    /** Adds the API to {@code routing}; features registered on the same routing (health) share its error answers. */
    void configure(HttpRouting.Builder routing) {
        routing.addFilter(new AccessLog(metrics, settings.clientErrorLogsPerMinute()))
                .addFilter(new BasicAuthenticationFilter(authenticate, settings.access(), metrics))
                .addFilter(new RateLimitFilter(settings.access(), metrics))
                .addFilter(new ConcurrencyLimit(settings.maxConcurrentRequests(),
                        settings.maxConcurrentRequestsPerUser()));
        services.forEach(routing::register);
        routing.register(health, new MetricsMetadataGuard());
        ErrorResponses.register(routing);
    }

    /** The services of the API that {@link #configure} registers (health aside), for tests that walk every route. */
    List<HttpService> services() {
        return services;
    }

}

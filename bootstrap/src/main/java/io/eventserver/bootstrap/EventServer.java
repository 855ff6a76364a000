package io.eventserver.bootstrap;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.eventserver.adapters.http.HttpApi;
import io.eventserver.adapters.http.HttpSettings;
import io.eventserver.adapters.http.LagGauges;
import io.eventserver.adapters.http.UseCases;
import io.eventserver.adapters.http.edge.EdgeGuard;
import io.eventserver.adapters.postgres.DatabaseSettings;
import io.eventserver.adapters.postgres.EmbeddedDatabase;
import io.eventserver.adapters.postgres.PoolSettings;
import io.eventserver.adapters.postgres.PostgresPersistence;
import io.eventserver.application.service.AcknowledgeEventService;
import io.eventserver.application.service.InspectStreamsService;
import io.eventserver.application.service.PublishEventService;
import io.eventserver.application.service.ReadEventsService;
import io.eventserver.application.service.ResetOffsetService;
import io.helidon.health.HealthCheck;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.security.Security;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * The composition root: builds adapters, services and the web server with plain constructors, in that order, and
 * takes them down in reverse. No container, no scanning; the only shared state is Helidon's metrics registry,
 * which its {@code /observe/metrics} endpoint reads.
 */
public final class EventServer implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(EventServer.class.getName());

    private final Optional<EmbeddedDatabase> embedded;
    private final PostgresPersistence persistence;
    private final Readiness readiness;
    private final LagGauges lagGauges;
    private final Runnable removePoolGauges;
    private final EdgeGuard edge;
    private final ListenerWatch listenerWatch;
    private final WebServer webServer;
    private boolean closed;

    private EventServer(Optional<EmbeddedDatabase> embedded, PostgresPersistence persistence, Readiness readiness,
                        LagGauges lagGauges, Runnable removePoolGauges, EdgeGuard edge, ListenerWatch listenerWatch,
                        WebServer webServer) {
        this.embedded = embedded;
        this.persistence = persistence;
        this.readiness = readiness;
        this.lagGauges = lagGauges;
        this.removePoolGauges = removePoolGauges;
        this.edge = edge;
        this.listenerWatch = listenerWatch;
        this.webServer = webServer;
    }

    /** Starts everything; when this returns, the server accepts requests. */
    public static EventServer start(Settings settings) {
        return start(settings, () -> { });
    }

    /**
     * Starts everything; when this returns, the server accepts requests.
     *
     * @param onListenerStopped runs (on a thread of its own) if Helidon's listener stops accepting connections
     *                          while the server runs; readiness has turned 503 by then
     */
    public static EventServer start(Settings settings, Runnable onListenerStopped) {
        // read and check everything that can be wrong in the configuration before any database is touched
        HttpSettings http = settings.http();
        int maxLimit = settings.maxLimit();
        Security security = HttpApi.security(settings.security());
        WebServerConfig.Builder server = WebServer.builder().config(settings.server());
        PoolSettings pool = settings.pool();
        Settings.LagMetrics lagMetrics = settings.lagMetrics();
        MeterRegistry metrics = Metrics.globalRegistry();
        Clock clock = Clock.systemUTC();

        Optional<EmbeddedDatabase> embedded = settings.databaseUrl().isPresent()
                ? Optional.empty()
                : Optional.of(EmbeddedDatabase.start(settings.embeddedDataDirectory()));
        Duration healthRefresh = settings.healthRefreshPeriod();
        PostgresPersistence persistence = null;
        Readiness readiness = null;
        LagGauges lagGauges = null;
        EdgeGuard edge = null;
        List<Meter> poolGauges = List.of();
        try {
            DatabaseSettings database = embedded
                    .map(db -> db.settings(pool))
                    .orElseGet(() -> new DatabaseSettings(settings.databaseUrl().orElseThrow(),
                            settings.databaseUser(), settings.databasePassword(), pool));
            persistence = PostgresPersistence.open(database);

            UseCases useCases = new UseCases(
                    new PublishEventService(persistence.eventStore()),
                    new ReadEventsService(persistence.eventStore(), persistence.cursorStore(), maxLimit),
                    new AcknowledgeEventService(persistence.eventStore(), persistence.cursorStore()),
                    new InspectStreamsService(persistence.streamCatalog(), persistence.eventStore()),
                    new ResetOffsetService(persistence.eventStore(), persistence.cursorStore()));
            edge = new HttpApi(useCases, security, http, metrics, clock).configure(server);
            readiness = new Readiness(persistence.probe()).start(healthRefresh);
            poolGauges = PoolGauges.register(metrics, persistence);
            lagGauges = new LagGauges(useCases.inspect(), metrics, clock, lagMetrics.seriesLimit())
                    .start(lagMetrics.refreshPeriod());
            WebServer webServer = server
                    .featuresDiscoverServices(false)
                    .shutdownHook(false)
                    .addFeature(ObserveFeature.builder()
                            .addObserver(HealthObserver.builder()
                                    .details(true)
                                    .addChecks(HealthChecks.of(readiness).toArray(HealthCheck[]::new))
                                    .build())
                            .addObserver(MetricsObserver.create())
                            .build())
                    .build()
                    .start();
            if (!webServer.isRunning()) {
                // Helidon logs why (the port is taken, say) and returns a stopped server instead of throwing
                throw new IllegalStateException("cannot listen on " + settings.server().get("host").asString()
                        .orElse("0.0.0.0") + ":" + settings.server().get("port").asInt().orElse(8080));
            }
            edge.start();
            Readiness ready = readiness;
            ListenerWatch listenerWatch = ListenerWatch.install(() -> {
                ready.listenerStopped();
                LOGGER.log(System.Logger.Level.ERROR, "eventserver: the HTTP listener stopped accepting connections");
                onListenerStopped.run();
            });

            LOGGER.log(System.Logger.Level.INFO, "eventserver listening on http://" + settings.server().get("host")
                    .asString().orElse("0.0.0.0") + ":" + webServer.port() + ", database "
                    + embedded.map(db -> "embedded PostgreSQL (data in " + db.dataDirectory() + ")")
                    .orElse("PostgreSQL at " + database.describe())
                    + ", " + persistence.migrationsApplied() + " migration(s) applied, at most "
                    + http.edge().maxConnections() + " connections");
            List<Meter> gauges = poolGauges;
            return new EventServer(embedded, persistence, readiness, lagGauges,
                    () -> gauges.forEach(metrics::remove), edge, listenerWatch, webServer);
        } catch (RuntimeException e) {
            poolGauges.forEach(metrics::remove);
            if (edge != null) {
                edge.close();
            }
            if (lagGauges != null) {
                lagGauges.close();
            }
            if (readiness != null) {
                readiness.close();
            }
            if (persistence != null) {
                persistence.close();
            }
            embedded.ifPresent(EmbeddedDatabase::close);
            throw e;
        }
    }

    public int port() {
        return webServer.port();
    }

    /** Stops accepting requests, lets the running ones finish, then closes the pool and the embedded database. */
    @Override
    public synchronized void close() {
        // synchronized: a second caller (the shutdown hook during System.exit) waits until the first has finished
        if (closed) {
            return;
        }
        closed = true;
        LOGGER.log(System.Logger.Level.INFO, "eventserver stopping: no new requests, finishing running ones");
        listenerWatch.close();
        webServer.stop();
        edge.close();
        readiness.close();
        lagGauges.close();
        removePoolGauges.run();
        persistence.close();
        embedded.ifPresent(EmbeddedDatabase::close);
        LOGGER.log(System.Logger.Level.INFO, "eventserver stopped");
    }
}

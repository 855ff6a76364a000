package io.eventserver.bootstrap;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.eventserver.adapters.http.HttpApi;
import io.eventserver.adapters.http.HttpSettings;
import io.eventserver.adapters.http.UseCases;
import io.eventserver.adapters.json.JsonSchemaDocuments;
import io.eventserver.application.port.in.LeaseLimits;
import io.eventserver.application.port.out.JsonDocuments;
import io.eventserver.application.port.out.StorageEngine;
import io.eventserver.application.service.AcknowledgeEventService;
import io.eventserver.application.service.DeadLettersService;
import io.eventserver.application.service.DeletionService;
import io.eventserver.application.service.FinishEventsService;
import io.eventserver.application.service.InspectStreamsService;
import io.eventserver.application.service.LeaseEventsService;
import io.eventserver.application.service.ManageIdsService;
import io.eventserver.application.service.ManageSchemasService;
import io.eventserver.application.service.PasswordHashes;
import io.eventserver.application.service.PayloadSchemas;
import io.eventserver.application.service.PublishEventService;
import io.eventserver.application.service.ReadEventsService;
import io.eventserver.application.service.ResetOffsetService;
import io.eventserver.application.service.RetentionService;
import io.eventserver.application.service.SearchEventsService;
import io.eventserver.application.service.StreamTraffic;
import io.eventserver.application.service.UsersService;
import io.eventserver.application.service.Waiters;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.UserAccount;
import io.eventserver.domain.retention.Retention;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * The composition root: builds the storage engine, services and the web server with plain constructors, in that
 * order, and takes them down in reverse. No container, no scanning; the only shared state is Helidon's metrics
 * registry, which its {@code /observe/metrics} endpoint reads. Storage is seen only as a {@link StorageEngine},
 * chosen by {@link Storages}.
 */
public final class EventServer implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(EventServer.class.getName());

    private final StorageEngine storage;
    private final Readiness readiness;
    private final LagGauges lagGauges;
    private final RetentionSchedule retention;
    private final List<Meter> storageGauges;
    private final MeterRegistry metrics;
    private final HttpApi api;
    private final ListenerWatch listenerWatch;
    private final WebServer webServer;
    private final Waiters waiters;
    private final Duration drainPeriod;
    private boolean closed;

    private EventServer(StorageEngine storage, Readiness readiness, LagGauges lagGauges, RetentionSchedule retention,
                        List<Meter> storageGauges,
                        MeterRegistry metrics, HttpApi api, ListenerWatch listenerWatch, WebServer webServer,
                        Waiters waiters, Duration drainPeriod) {
        this.storage = storage;
        this.readiness = readiness;
        this.lagGauges = lagGauges;
        this.retention = retention;
        this.storageGauges = storageGauges;
        this.metrics = metrics;
        this.api = api;
        this.listenerWatch = listenerWatch;
        this.webServer = webServer;
        this.waiters = waiters;
        this.drainPeriod = drainPeriod;
    }

    /** Starts everything; when this returns, the server accepts requests. */
    public static EventServer start(Configuration settings) {
        return start(settings, () -> { });
    }

    /**
     * Starts everything with the storage engine that {@code storage.kind} names; when this returns, the server
     * accepts requests.
     *
     * @param onListenerStopped runs (on a thread of its own) if Helidon's listener stops accepting connections
     *                          while the server runs; readiness has turned 503 by then
     */
    public static EventServer start(Configuration settings, Runnable onListenerStopped) {
        settings.storageKind();
        return start(settings, () -> Storages.open(settings), onListenerStopped);
    }

    /** Starts everything on the storage engine that {@code storage} opens. */
    static EventServer start(Configuration settings, Supplier<StorageEngine> storageEngine, Runnable onListenerStopped) {
        // read and check everything that can be wrong in the configuration before any storage is touched
        HttpSettings http = settings.http();
        int maxLimit = settings.maxLimit();
        int maxScan = settings.get(SettingsTable.API_MAX_SCAN);
        JsonDocuments json = new JsonSchemaDocuments(settings.get(SettingsTable.API_MAX_SCHEMA_SIZE),
                http.maxJsonDepth());
        LeaseLimits leaseLimits = settings.leaseLimits();
        Retention defaultRetention = settings.defaultRetention();
        Duration retentionInterval = settings.get(SettingsTable.RETENTION_CHECK_INTERVAL);
        settings.maxEventNames();
        List<UserAccount> configuredUsers = settings.configuredUsers();
        List<Grant> defaultGrants = settings.defaultGrants();
        WebServerConfig.Builder server = WebServer.builder().config(settings.server());
        int lagSeriesLimit = settings.get(SettingsTable.METRICS_LAG_SERIES_LIMIT);
        Duration lagRefresh = settings.get(SettingsTable.METRICS_LAG_REFRESH_INTERVAL);
        Duration healthRefresh = settings.get(SettingsTable.HEALTH_REFRESH_INTERVAL);
        Duration drainPeriod = settings.get(SettingsTable.SERVER_SHUTDOWN_DRAIN_PERIOD);
        MeterRegistry metrics = Metrics.globalRegistry();
        Clock clock = Clock.systemUTC();

        for (String key : settings.unknownKeys()) {
            LOGGER.log(System.Logger.Level.WARNING, "eventserver: unknown setting " + key + " is ignored (misspelled?)");
        }
        for (String oldSpelling : settings.oldSpellings()) {
            LOGGER.log(System.Logger.Level.WARNING, "eventserver: " + oldSpelling);
        }
        String host = settings.get(SettingsTable.SERVER_HOST);
        DemoUsers.refusal(settings, host, Configuration.installationDirectory(),
                Optional.ofNullable(System.getenv(Configuration.CONFIG_FILE_VARIABLE)).filter(file -> !file.isBlank()))
                .ifPresent(reason -> {
                    throw new IllegalStateException(reason);
                });
        boolean tls = settings.server().get("tls").exists();
        if (!tls && !DemoUsers.isLoopback(host)) {
            LOGGER.log(System.Logger.Level.WARNING, "eventserver: HTTP Basic credentials are served without TLS on "
                    + host + "; anyone on the network path can read them (configure server.tls, README \"TLS\")");
        }

        Waiters waiters = new Waiters(http.waiting().maxWaiting());
        StorageEngine storage = storageEngine.get();
        Readiness readiness = null;
        LagGauges lagGauges = null;
        RetentionSchedule retention = null;
        HttpApi api = null;
        List<Meter> storageGauges = List.of();
        try {
            storage.appendSignals().onAppended(waiters);
            StreamTraffic traffic = new StreamTraffic(clock);
            UsersService users = new UsersService(configuredUsers, storage.userStore(), new PasswordHashes(),
                    defaultGrants);
            DeletionService deletion = new DeletionService(storage.eventStore(), storage.cursorStore(),
                    storage.idOwnership(), waiters);
            PayloadSchemas schemas = new PayloadSchemas(storage.schemaStore(), json);
            UseCases useCases = new UseCases(
                    new PublishEventService(storage.eventStore(), storage.idOwnership(), traffic, schemas),
                    new ReadEventsService(storage.eventStore(), storage.cursorStore(), storage.idOwnership(), waiters,
                            maxLimit),
                    new AcknowledgeEventService(storage.eventStore(), storage.cursorStore(), storage.leaseStore(),
                            storage.idOwnership(), traffic),
                    new InspectStreamsService(storage.streamCatalog(), storage.eventStore(), traffic, maxLimit,
                            storage.leaseStore()),
                    new ResetOffsetService(storage.eventStore(), storage.cursorStore(), storage.leaseStore()),
                    users, users, new ManageIdsService(storage.idOwnership(), users),
                    new LeaseEventsService(storage.eventStore(), storage.leaseStore(), storage.idOwnership(), waiters,
                            maxLimit, leaseLimits),
                    new FinishEventsService(storage.eventStore(), storage.leaseStore(), storage.idOwnership(), traffic,
                            maxLimit, leaseLimits),
                    new DeadLettersService(storage.eventStore(), storage.leaseStore(), storage.idOwnership(),
                            maxLimit),
                    deletion, deletion, deletion,
                    new RetentionService(storage.eventStore(), storage.retentionStore(), storage.idOwnership(),
                            defaultRetention),
                    new ManageSchemasService(storage.eventStore(), storage.idOwnership(), storage.schemaStore(),
                            schemas),
                    new SearchEventsService(storage.eventStore(), json, maxLimit, maxScan));
            VitalThreads vital = new VitalThreads();
            vital.watch(storage.vitalThreads());
            readiness = new Readiness(storage.readinessProbes(), vital).start(healthRefresh);
            api = new HttpApi(useCases, http, metrics, clock, HealthChecks.of(readiness));
            api.configure(server);
            storageGauges = new ArrayList<>(StorageGauges.register(metrics, storage));
            storageGauges.add(metrics.getOrCreate(Gauge.builder("eventserver.consumers.waiting",
                            () -> (double) waiters.waiting())
                    .description("Consumers waiting for events (long-poll and event streams) on this process")));
            lagGauges = new LagGauges(useCases.inspect(), metrics, clock, lagSeriesLimit).start(lagRefresh);
            retention = new RetentionSchedule(storage.retentionStore(), defaultRetention, metrics)
                    .start(retentionInterval);
            vital.watch(lagGauges.vitalThread());
            Set<Thread> beforeHelidon = Set.copyOf(Thread.getAllStackTraces().keySet());
            WebServer webServer = server
                    .featuresDiscoverServices(false)
                    .shutdownHook(false)
                    .mediaContext(WholeJsonpSupport.mediaContext())
                    .addFeature(ObserveFeature.builder()
                            .addObserver(MetricsObserver.create())
                            .build())
                    .build()
                    .start();
            if (!webServer.isRunning()) {
                // Helidon logs why (the port is taken, say) and returns a stopped server instead of throwing
                throw new IllegalStateException("cannot listen on " + host + ":"
                        + settings.get(SettingsTable.SERVER_PORT));
            }
            api.start();
            vital.watch(api.vitalThreads());
            vital.watchHelidon(beforeHelidon);
            Readiness ready = readiness;
            ListenerWatch listenerWatch = ListenerWatch.install(() -> {
                ready.listenerStopped();
                LOGGER.log(System.Logger.Level.ERROR, "eventserver: the HTTP listener stopped accepting connections");
                onListenerStopped.run();
            });

            LOGGER.log(System.Logger.Level.INFO, "eventserver listening on " + (tls ? "https" : "http") + "://"
                    + host + ":" + webServer.port() + ", storage " + storage.describe()
                    + ", at most " + http.edge().maxConnections() + " connections");
            return new EventServer(storage, readiness, lagGauges, retention, storageGauges, metrics, api, listenerWatch,
                    webServer, waiters, drainPeriod);
        } catch (RuntimeException e) {
            storageGauges.forEach(metrics::remove);
            if (api != null) {
                api.close();
            }
            if (retention != null) {
                retention.close();
            }
            if (lagGauges != null) {
                lagGauges.close();
            }
            if (readiness != null) {
                readiness.close();
            }
            storage.close();
            throw e;
        }
    }

    public int port() {
        return webServer.port();
    }

    /**
     * Consumers waiting on this server now: what its {@code eventserver_consumers_waiting} gauge reports — unless
     * another server in the same JVM (tests) registered the gauge first in Helidon's global registry.
     */
    int waitingConsumers() {
        return waiters.waiting();
    }

    /** Stops accepting requests, lets the running ones finish, then closes the storage engine. */
    @Override
    public synchronized void close() {
        // synchronized: a second caller (the shutdown hook during System.exit) waits until the first has finished
        if (closed) {
            return;
        }
        closed = true;
        readiness.stopping();
        if (!drainPeriod.isZero()) {
            // readiness answers 503 now: a load balancer checking it takes this node out while it still serves
            LOGGER.log(System.Logger.Level.INFO, "eventserver stopping: not ready, draining for " + drainPeriod);
            try {
                Thread.sleep(drainPeriod);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOGGER.log(System.Logger.Level.INFO, "eventserver stopping: no new requests, finishing running ones");
        listenerWatch.close();
        // waiting consumers are answered with what they have (none) now, not cut off at the end of the grace period
        waiters.close();
        webServer.stop();
        api.close();
        readiness.close();
        retention.close();
        lagGauges.close();
        storageGauges.forEach(metrics::remove);
        storage.close();
        LOGGER.log(System.Logger.Level.INFO, "eventserver stopped");
    }
}

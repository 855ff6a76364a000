package io.eventserver.bootstrap;

import java.util.Optional;

import io.eventserver.adapters.http.HttpApi;
import io.eventserver.adapters.http.HttpSettings;
import io.eventserver.adapters.postgres.DatabaseSettings;
import io.eventserver.adapters.postgres.EmbeddedDatabase;
import io.eventserver.adapters.postgres.PoolSettings;
import io.eventserver.adapters.postgres.PostgresPersistence;
import io.eventserver.application.service.AcknowledgeEventService;
import io.eventserver.application.service.PublishEventService;
import io.eventserver.application.service.ReadEventsService;
import io.helidon.security.Security;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

/**
 * The composition root: builds adapters, services and the web server with plain constructors, in that order, and
 * takes them down in reverse. No container, no scanning, no static state.
 */
public final class EventServer implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(EventServer.class.getName());

    private final Optional<EmbeddedDatabase> embedded;
    private final PostgresPersistence persistence;
    private final WebServer webServer;
    private boolean closed;

    private EventServer(Optional<EmbeddedDatabase> embedded, PostgresPersistence persistence, WebServer webServer) {
        this.embedded = embedded;
        this.persistence = persistence;
        this.webServer = webServer;
    }

    /** Starts everything; when this returns, the server accepts requests. */
    public static EventServer start(Settings settings) {
        // read and check everything that can be wrong in the configuration before any database is touched
        HttpSettings http = settings.http();
        int maxLimit = settings.maxLimit();
        Security security = HttpApi.security(settings.security());
        WebServerConfig.Builder server = WebServer.builder().config(settings.server());
        PoolSettings pool = settings.pool();

        Optional<EmbeddedDatabase> embedded = settings.databaseUrl().isPresent()
                ? Optional.empty()
                : Optional.of(EmbeddedDatabase.start(settings.embeddedDataDirectory()));
        PostgresPersistence persistence = null;
        try {
            DatabaseSettings database = embedded
                    .map(db -> db.settings(pool))
                    .orElseGet(() -> new DatabaseSettings(settings.databaseUrl().orElseThrow(),
                            settings.databaseUser(), settings.databasePassword(), pool));
            persistence = PostgresPersistence.open(database);
            WebServer webServer = webServer(server, persistence, new Services(persistence, maxLimit), security, http)
                    .start();

            LOGGER.log(System.Logger.Level.INFO, "eventserver listening on http://" + settings.server().get("host")
                    .asString().orElse("0.0.0.0") + ":" + webServer.port() + ", database "
                    + embedded.map(db -> "embedded PostgreSQL (data in " + db.dataDirectory() + ")")
                    .orElse("PostgreSQL at " + database.describe())
                    + ", " + persistence.migrationsApplied() + " migration(s) applied");
            return new EventServer(embedded, persistence, webServer);
        } catch (RuntimeException e) {
            if (persistence != null) {
                persistence.close();
            }
            embedded.ifPresent(EmbeddedDatabase::close);
            throw e;
        }
    }

    private static WebServer webServer(WebServerConfig.Builder server, PostgresPersistence persistence,
                                       Services services, Security security, HttpSettings http) {
        HttpApi api = new HttpApi(services.publish(), services.read(), services.acknowledge(), security, http);
        api.configure(server);
        return server
                .featuresDiscoverServices(false)
                .shutdownHook(false)
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .details(true)
                                .addCheck(new DatabaseHealthCheck(persistence))
                                .build())
                        .build())
                .build();
    }

    /** The application services, built on the PostgreSQL adapter's out-ports. */
    private record Services(PublishEventService publish, ReadEventsService read, AcknowledgeEventService acknowledge) {

        Services(PostgresPersistence persistence, int maxLimit) {
            this(new PublishEventService(persistence.eventStore()),
                    new ReadEventsService(persistence.eventStore(), persistence.cursorStore(), maxLimit),
                    new AcknowledgeEventService(persistence.eventStore(), persistence.cursorStore()));
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
        webServer.stop();
        persistence.close();
        embedded.ifPresent(EmbeddedDatabase::close);
        LOGGER.log(System.Logger.Level.INFO, "eventserver stopped");
    }
}

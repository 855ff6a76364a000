package io.eventserver.adapters.postgres.notifications;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.eventserver.adapters.postgres.DatabaseSettings;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} for the processes on one database (ADR 28): one connection of its own and one
 * daemon thread that listens on the channels listeners registered for, and hands each notification's payload to
 * them. A notification is sent by the transaction that made the change ({@code pg_notify}), so it arrives only once
 * that change is committed. When the connection is lost, notifications sent meanwhile are lost too: after
 * reconnecting, every listener is called with {@code null}, meaning "anything may have changed".
 */
public final class Notifications implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(Notifications.class.getName());
    private static final int POLL_MILLIS = 250;
    private static final long RECONNECT_MILLIS = 1000;
    private static final String APPLICATION_NAME = "eventserver-notifications";
    private static final long PEERS_CHECK_NANOS = 1_000_000_000L;
    /** The other processes' listening connections on this database (ours is the one with our pid). */
    private static final String PEERS = "select count(*) from pg_stat_activity where datname = current_database()"
            + " and application_name = '" + APPLICATION_NAME + "' and pid <> pg_backend_pid()";

    private final DatabaseSettings settings;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    /** True until the first check says otherwise, and whenever the check fails: notifying in vain is harmless. */
    private volatile boolean othersListening = true;
    private long peersCheckedNanos;
    private Connection connection;
    private int listening;

    public Notifications(DatabaseSettings settings) {
        this.settings = settings;
        this.thread = Thread.ofPlatform().daemon().name("eventserver-notifications").unstarted(this::run);
    }

    /** The listening thread: wake-ups, user and owner changes from other processes come through it. */
    public Thread thread() {
        return thread;
    }

    /** Starts listening; returns once the channels registered so far are listened on (or connecting failed). */
    public Notifications start() {
        try {
            connect();
        } catch (SQLException e) {
            LOGGER.log(System.Logger.Level.WARNING, "notifications: cannot connect yet: " + e.getMessage());
        }
        thread.start();
        return this;
    }

    /** {@code listener} gets the payload of every notification on {@code channel}, or null after a gap. */
    public void listen(String channel, Consumer<String> listener) {
        listeners.computeIfAbsent(channel, ignored -> new CopyOnWriteArrayList<>()).add(listener);
    }

    private void run() {
        boolean lost = false;
        while (!closed) {
            try {
                if (connection == null || listening != listeners.size()) {
                    connect();
                    if (lost) {
                        LOGGER.log(System.Logger.Level.INFO, "notifications: reconnected");
                        listeners.values().forEach(channel -> channel.forEach(listener -> listener.accept(null)));
                        lost = false;
                    }
                }
                checkPeers();
                PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (received != null) {
                    for (PGNotification notification : received) {
                        deliver(notification.getName(), notification.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!lost) {
                    LOGGER.log(System.Logger.Level.WARNING, "notifications: connection lost, reconnecting: " + e);
                }
                lost = true;
                disconnect();
                sleep();
            }
        }
    }

    /**
     * Whether another process listens on this database, as the check at most a second ago found. A process that
     * starts is seen by the others within a second; its waiters may miss a signal in that second and then answer at
     * the end of their wait.
     */
    boolean othersListening() {
        return othersListening;
    }

    private void checkPeers() throws SQLException {
        long now = System.nanoTime();
        if (now - peersCheckedNanos < PEERS_CHECK_NANOS) {
            return;
        }
        peersCheckedNanos = now;
        try (Statement statement = connection.createStatement();
             ResultSet peers = statement.executeQuery(PEERS)) {
            othersListening = !peers.next() || peers.getLong(1) > 0;
        }
    }

    private void deliver(String channel, String payload) {
        for (Consumer<String> listener : listeners.getOrDefault(channel, List.of())) {
            try {
                listener.accept(payload);
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.ERROR, "notifications: a listener on " + channel + " failed", e);
            }
        }
    }

    private synchronized void connect() throws SQLException {
        disconnect();
        Connection fresh = settings.connectDirectly(APPLICATION_NAME, 5);
        try (Statement statement = fresh.createStatement()) {
            for (String channel : listeners.keySet()) {
                // channel names are constants of this package, never client input
                statement.execute("LISTEN " + channel);
            }
        } catch (SQLException e) {
            fresh.close();
            throw e;
        }
        listening = listeners.size();
        connection = fresh;
    }

    private synchronized void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // going away either way
            }
            connection = null;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnect();
    }
}

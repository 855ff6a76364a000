package io.eventserver.adapters.postgres.notifications;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.eventserver.application.port.out.AppendSignals;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.stream.StreamName;

/**
 * {@link AppendSignals} on PostgreSQL (ADR 34): a batch of appends tells the other processes with {@code NOTIFY} on
 * {@value #CHANNEL}, sent in its own transaction, and this process's listeners at once after the commit. The payload
 * names each (stream, event name) as {@code <stream>\t<event name>} lines (neither may contain a tab or a line
 * break); one beyond PostgreSQL's 8000 bytes becomes {@code *}: anything may have been committed. When no other
 * process listens on the database, nothing is sent. This process hears its own notifications too; a second signal
 * only makes a waiter read once more.
 */
public final class PostgresAppendSignals implements AppendSignals {

    static final String CHANNEL = "eventserver_events";
    private static final int MAX_PAYLOAD_CHARS = 7000;
    private static final String NOTIFY = "select pg_notify('" + CHANNEL + "', ?)";
    private static final System.Logger LOGGER = System.getLogger(PostgresAppendSignals.class.getName());

    /** A (stream, event name) that a commit added events to. */
    public record Appended(String stream, String eventName) {
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Notifications notifications;

    /** Listens before {@code notifications} starts, so that no commit after the start is missed. */
    public PostgresAppendSignals(Notifications notifications) {
        this.notifications = notifications;
        notifications.listen(CHANNEL, payload -> {
            if (payload == null || payload.equals("*")) {
                listeners.forEach(Listener::anything);
                return;
            }
            for (String line : payload.split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    StreamName stream = new StreamName(line.substring(0, tab));
                    EventName name = new EventName(line.substring(tab + 1));
                    listeners.forEach(listener -> listener.appended(stream, name));
                }
            }
        });
    }

    @Override
    public void onAppended(Listener listener) {
        listeners.add(listener);
    }

    /** Whether another server process listens on this database: only then is {@code NOTIFY} worth its cost. */
    public boolean othersListening() {
        return notifications.othersListening();
    }

    /**
     * Sends {@code NOTIFY} for {@code appended} in the transaction that stores them, so that it is delivered exactly
     * when they are committed, with no commit of its own.
     */
    public void notifyOthers(Connection connection, Collection<Appended> appended) throws SQLException {
        if (appended.isEmpty()) {
            return;
        }
        StringBuilder payload = new StringBuilder();
        for (Appended one : appended) {
            if (payload.length() > MAX_PAYLOAD_CHARS) {
                break;
            }
            payload.append(payload.isEmpty() ? "" : "\n").append(one.stream()).append('\t').append(one.eventName());
        }
        try (PreparedStatement notify = connection.prepareStatement(NOTIFY)) {
            notify.setString(1, payload.length() > MAX_PAYLOAD_CHARS ? "*" : payload.toString());
            notify.execute();
        }
    }

    /** Tells this process's listeners of {@code appended}, which have just been committed. Never throws. */
    public void committed(Collection<Appended> appended) {
        for (Appended one : appended) {
            try {
                StreamName stream = new StreamName(one.stream());
                EventName name = new EventName(one.eventName());
                listeners.forEach(listener -> listener.appended(stream, name));
            } catch (RuntimeException e) {
                // never a failure of the append: its events are committed
                LOGGER.log(System.Logger.Level.WARNING, "could not signal committed events: " + e);
            }
        }
    }
}

package io.eventserver.adapters.postgres.sql;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;

import io.eventserver.application.port.out.StoreUnavailable;

/**
 * What a failed SQL statement of the PostgreSQL engine is: the database unable to take the work now (the port's
 * {@link StoreUnavailable}, 503) or anything else, which leaves as it came (a bug or bad input, 500). The Kafka
 * engine says the same of its metadata statements in its {@code Sql} (ADR 56); formerly {@code Guard} (ADR 58).
 */
public final class SqlFailures {

    private SqlFailures() {
    }

    /** Runs the work; a failure that means the database is unavailable leaves as {@link StoreUnavailable}. */
    public static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (isUnavailable(e)) {
                throw new StoreUnavailable("database unavailable", e);
            }
            throw e;
        }
    }


    /**
     * Connection-class SQL states (08xxx), insufficient resources (53xxx: a full disk, 53100, out of memory, too
     * many connections — the database cannot take the work now, and may later), server shutting down
     * (57P01–57P03), a statement cancelled by the statement time-out (57014) and a pool that found no connection in
     * time. Constraint violations, syntax errors and the like are bugs or input problems, not unavailability.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03") || state.equals("57014")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

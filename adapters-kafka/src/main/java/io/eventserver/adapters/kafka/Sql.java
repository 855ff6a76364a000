package io.eventserver.adapters.kafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

import io.eventserver.application.port.out.StoreUnavailable;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.util.PSQLException;

/**
 * Runs this engine's metadata statements on the pool the composition root hands in: the constant ones of
 * {@link Statements} as JDBC prepared statements (auto-committed, or in one {@link #transaction}), the operator's
 * reads through jOOQ ({@link #read}). It says in one place what a failure is (ADR 56), the way the PostgreSQL
 * engine does:
 * <ul>
 *     <li>the database cannot take the work now, and may later — a connection-class state (08), insufficient
 *     resources (53), the server shutting down (57P01–57P03), the statement time-out (57014), no pooled connection
 *     in time — is a {@link StoreUnavailable} (503);</li>
 *     <li>a violated constraint (class 23) is a {@link ConstraintViolated} naming the constraint, which the statement
 *     that can meet it turns into the fact it stands for;</li>
 *     <li>anything else is a {@link Failed} statement: a bug, not something a retry mends (500).</li>
 * </ul>
 */
final class Sql {

    /** SQL states other than the 08 and 53 classes after which the same statement may succeed later. */
    private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "57014");

    private final DataSource database;
    private final DSLContext dsl;

    Sql(DataSource database) {
        this.database = Objects.requireNonNull(database, "database");
        this.dsl = DSL.using(database, SQLDialect.POSTGRES, Statements.SETTINGS);
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Session session) throws SQLException;
    }

    /** The statements of one connection: one transaction's, or one auto-committed statement's. */
    static final class Session {

        private final Connection connection;

        private Session(Connection connection) {
            this.connection = connection;
        }

        /** The connection itself, for work that runs many statements of its own in the transaction. */
        Connection connection() {
            return connection;
        }

        <T> List<T> query(String sql, Binder binder, Row<T> row) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    List<T> result = new ArrayList<>();
                    while (rows.next()) {
                        result.add(row.read(rows));
                    }
                    return result;
                }
            }
        }

        <T> Optional<T> one(String sql, Binder binder, Row<T> row) throws SQLException {
            List<T> rows = query(sql, binder, row);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }

        int update(String sql, Binder binder) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        }
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. A domain
     * failure it throws leaves unchanged; SQL failures are classified (see the class comment).
     */
    <T> T transaction(Work<T> work) {
        return onConnection(session -> {
            Connection connection = session.connection;
            connection.setAutoCommit(false);
            try {
                T result = work.run(session);
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    /**
     * A {@link #transaction} of SQL statements and nothing else (no produce, no Kafka call, no state outside it), run
     * again — at most {@value #DEADLOCK_ATTEMPTS} times in all — when PostgreSQL chose it as the victim of a deadlock
     * (SQL state 40P01): a victim is rolled back whole, so running it again is the same as running it once. A stream's
     * deletion deletes cursors, keys and topics that racing publishes and reads lock in another order.
     */
    <T> T statementsOnly(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction(work);
            } catch (Failed failed) {
                if (attempt >= DEADLOCK_ATTEMPTS || !deadlock(failed)) {
                    throw failed;
                }
            }
        }
    }

    private static final int DEADLOCK_ATTEMPTS = 5;

    private static boolean deadlock(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException found && "40P01".equals(found.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    <T> List<T> query(String sql, Binder binder, Row<T> row) {
        return onConnection(session -> session.query(sql, binder, row));
    }

    <T> Optional<T> one(String sql, Binder binder, Row<T> row) {
        return onConnection(session -> session.one(sql, binder, row));
    }

    int update(String sql, Binder binder) {
        return onConnection(session -> session.update(sql, binder));
    }

    /** A read built with jOOQ and rendered per call: the operator's pages, which run a few times a minute. */
    <T> T read(Function<DSLContext, T> query) {
        try {
            return query.apply(dsl);
        } catch (DataAccessException e) {
            throw failure(e);
        }
    }

    private <T> T onConnection(Work<T> work) {
        try (Connection connection = database.getConnection()) {
            return work.run(new Session(connection));
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** What a failed statement is (see the class comment). */
    static RuntimeException failure(Exception failure) {
        SQLException sql = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return new StoreUnavailable("the metadata database is unavailable: " + t.getMessage(), failure);
            }
            if (sql == null && t instanceof SQLException found && found.getSQLState() != null) {
                sql = found;
            }
        }
        String state = sql == null ? "" : sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("53") || UNAVAILABLE.contains(state)) {
            return new StoreUnavailable("the metadata database is unavailable (SQL state " + state + "): "
                    + sql.getMessage(), failure);
        }
        if (state.startsWith("23")) {
            return new ConstraintViolated(constraint(sql), sql);
        }
        return new Failed(failure);
    }

    private static String constraint(SQLException violation) {
        if (violation instanceof PSQLException postgres && postgres.getServerErrorMessage() != null
                && postgres.getServerErrorMessage().getConstraint() != null) {
            return postgres.getServerErrorMessage().getConstraint();
        }
        return "";
    }

    /**
     * A statement broke a constraint of the schema: a fact about the data, which no retry changes. The statement
     * that can meet {@link #constraint()} turns it into what it means; one nobody expects stays a failure (500).
     */
    static final class ConstraintViolated extends RuntimeException {

        private final String constraint;

        ConstraintViolated(String constraint, SQLException cause) {
            super("constraint " + constraint + " violated (SQL state " + cause.getSQLState() + "): "
                    + cause.getMessage(), cause);
            this.constraint = constraint;
        }

        /** The constraint's name, as the migrations declare it (and {@code schema.Keys} names it). */
        String constraint() {
            return constraint;
        }
    }

    /** A metadata statement failed for a reason a retry does not mend: a bug (500, with an incident id). */
    static final class Failed extends RuntimeException {

        Failed(Exception cause) {
            super("a metadata statement failed: " + cause.getMessage(), cause);
        }
    }
}

package io.eventserver.adapters.postgres.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Runs the statements of the hot paths — publish, read a page, acknowledge — as constant SQL text through JDBC
 * prepared statements (adr/0016). jOOQ renders its SQL anew on every execution, which cost about a quarter of the
 * server's CPU under load; constant text costs nothing to build, and because the text never changes, the driver
 * prepares each statement once per connection on the server and PostgreSQL reuses its plan.
 * <p>
 * {@link SQLException}s leave as {@link DatabaseFailure}, so that {@link SqlFailures} can tell unavailability apart.
 */
public final class HotStatements {

    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    public HotStatements(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The first row the statement returns, if any. */
    public <T> Optional<T> one(String sql, Binder binder, RowMapper<T> mapper) {
        return onConnection(connection -> one(connection, sql, binder, mapper));
    }

    /** Every row the statement returns, in order. */
    public <T> List<T> list(String sql, Binder binder, RowMapper<T> mapper) {
        return onConnection(connection -> list(connection, sql, binder, mapper));
    }

    /** Runs an update in its own (auto-committed) transaction; returns the number of rows it changed. */
    public int update(String sql, Binder binder) {
        return onConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    private static <T> Optional<T> one(Connection connection, String sql, Binder binder, RowMapper<T> mapper)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
            }
        }
    }

    private static <T> List<T> list(Connection connection, String sql, Binder binder, RowMapper<T> mapper)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        }
    }

    /** Runs the work on a pooled connection, in auto-commit mode unless the work changes that. */
    public <T> T onConnection(Work<T> work) {
        return SqlFailures.call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            } catch (SQLException e) {
                throw new DatabaseFailure(e);
            }
        });
    }

    /** A failed statement: the {@link SQLException} as its cause, with its SQL state in the message. */
    public static final class DatabaseFailure extends RuntimeException {

        public DatabaseFailure(SQLException cause) {
            super("database statement failed (SQL state " + cause.getSQLState() + "): " + cause.getMessage(), cause);
        }
    }
}

package io.eventserver.adapters.kafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

import io.eventserver.application.port.out.StoreUnavailable;

/**
 * The few metadata statements of this engine, run as auto-committed JDBC prepared statements on the pool the
 * composition root hands in. A failure to reach the database is a {@link StoreUnavailable} (503).
 */
final class Sql {

    private final DataSource database;

    Sql(DataSource database) {
        this.database = Objects.requireNonNull(database, "database");
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
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. A domain
     * failure it throws leaves unchanged; SQL failures are a {@link StoreUnavailable}.
     */
    <T> T transaction(Work<T> work) {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreUnavailable("the metadata database failed: " + e.getMessage(), e);
        }
    }

    <T> List<T> query(String sql, Binder binder, Row<T> row) {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(row.read(rows));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new StoreUnavailable("the metadata database failed: " + e.getMessage(), e);
        }
    }

    <T> Optional<T> one(String sql, Binder binder, Row<T> row) {
        List<T> rows = query(sql, binder, row);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    int update(String sql, Binder binder) {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreUnavailable("the metadata database failed: " + e.getMessage(), e);
        }
    }
}

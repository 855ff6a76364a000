package io.eventserver.adapters.kafka;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import io.eventserver.application.port.out.StoreUnavailable;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/**
 * What a failed metadata statement is (ADR 56), as the PostgreSQL engine decides it: only a database that cannot
 * take the work now is unavailable (503); a violated constraint is a fact, anything else a bug. The contract test
 * {@code anAppendToAStreamNobodyCreatedIsRefusedAndStoresNothing} proves the path from a real violation on.
 */
class SqlTest {

    @Test
    void aDatabaseThatCannotTakeTheWorkNowIsUnavailable() {
        for (String state : List.of("08001", "08006", "53100", "53300", "57P01", "57P02", "57P03", "57014")) {
            assertInstanceOf(StoreUnavailable.class, Sql.failure(new SQLException("x", state)), state);
            assertInstanceOf(StoreUnavailable.class,
                    Sql.failure(new DataAccessException("jOOQ", new SQLException("x", state))), state);
        }
        assertInstanceOf(StoreUnavailable.class, Sql.failure(new SQLTransientConnectionException("no connection")));
    }

    @Test
    void aViolatedConstraintIsAFactNotAnUnavailableStore() {
        for (String state : List.of("23505", "23503", "23502", "23514")) {
            assertInstanceOf(Sql.ConstraintViolated.class, Sql.failure(new SQLException("x", state)), state);
            assertInstanceOf(Sql.ConstraintViolated.class,
                    Sql.failure(new DataAccessException("jOOQ", new SQLException("x", state))), state);
        }
    }

    @Test
    void anythingElseIsAFailedStatement() {
        for (String state : List.of("42601", "42P01", "22001", "40001", "40P01", "XX000")) {
            assertInstanceOf(Sql.Failed.class, Sql.failure(new SQLException("x", state)), state);
        }
        assertInstanceOf(Sql.Failed.class, Sql.failure(new SQLException("no state")));
    }
}

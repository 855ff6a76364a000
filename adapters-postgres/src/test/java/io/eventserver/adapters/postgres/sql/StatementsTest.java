package io.eventserver.adapters.postgres.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The rendered hot statements have exactly the parameters their callers bind, and no schema name (the server
 * runs in whatever schema its user's search path names). That they do what they say is the contract tests' job.
 */
public class StatementsTest {

    @Test
    void eachStatementHasTheParametersItsCallersBind() {
        Map<String, Integer> parameters = Map.ofEntries(
                Map.entry(Statements.LOCK_STREAMS, 1),
                Map.entry(Statements.COUNT_EVENT_NAMES, 1),
                Map.entry(Statements.FIND_EVENT_NAMES, 2),
                Map.entry(Statements.READ_SEQUENCES, 2));
        parameters.forEach(StatementsTest::hasParameters);
        parameters = Map.of(
                Statements.FIND_STREAM, 1,
                Statements.STREAM_IDS, 1,
                Statements.FIND_SEQUENCE_ID, 2,
                Statements.FIND_POSITION, 2,
                Statements.READ_PAGE, 3,
                Statements.FIND_CURSOR, 2,
                Statements.OVERWRITE_CURSOR, 3,
                Statements.MOVE_CURSOR_FORWARD, 3,
                Statements.CLAIM_STREAMS, 2,
                Statements.APPEND, 8);
        parameters.forEach(StatementsTest::hasParameters);
    }

    /** {@code sql} has {@code expected} parameters and no schema name. */
    public static void hasParameters(String sql, int expected) {
        System.out.println(sql);
        assertEquals(expected, (int) sql.chars().filter(c -> c == '?').count(), sql);
        assertFalse(sql.contains("public."), sql);
    }
}

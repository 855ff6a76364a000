package io.eventserver.adapters.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The rendered metadata statements have exactly the parameters their callers bind, and no schema name (the server
 * runs in whatever schema its user's search path names). That they do what they say is the contract tests' job.
 */
class StatementsTest {

    @Test
    void eachStatementHasTheParametersItsCallersBind() {
        Map<String, Integer> parameters = Map.ofEntries(
                Map.entry(Statements.FIND_STREAM, 1),
                Map.entry(Statements.CLAIM_STREAM, 2),
                Map.entry(Statements.LOCK_STREAM, 1),
                Map.entry(Statements.FIND_TOPIC, 2),
                Map.entry(Statements.TOPICS_OF_NAMES, 2),
                Map.entry(Statements.COUNT_TOPICS, 1),
                Map.entry(Statements.ADD_TOPIC, 3),
                Map.entry(Statements.TOPIC_READY, 1),
                Map.entry(Statements.CREATED_TOPICS, 2),
                Map.entry(Statements.TOPICS_OF_STREAM, 1),
                Map.entry(Statements.FIND_CURSOR, 2),
                Map.entry(Statements.OVERWRITE_CURSOR, 3),
                Map.entry(Statements.MOVE_CURSOR_FORWARD, 3),
                Map.entry(Statements.CLAIM_KEY, 5),
                Map.entry(Statements.FIND_KEY, 3),
                Map.entry(Statements.KEY_STORED, 3),
                Map.entry(Statements.RELEASE_KEY, 3),
                Map.entry(LeaseStatements.PEEK, 6),
                Map.entry(LeaseStatements.LOCK_CURSOR, 2),
                Map.entry(LeaseStatements.CREATE_CURSOR, 2),
                Map.entry(LeaseStatements.SET_CURSOR, 5),
                Map.entry(LeaseStatements.IN_FLIGHT, 5),
                Map.entry(LeaseStatements.LEASABLE, 5),
                Map.entry(LeaseStatements.ENTRIES, 3),
                Map.entry(LeaseStatements.FIRST_UNFINISHED, 3),
                Map.entry(LeaseStatements.LEASE_FRESH, 5),
                Map.entry(LeaseStatements.PUT, 8),
                Map.entry(LeaseStatements.REMOVE, 3),
                Map.entry(LeaseStatements.END_LEASES_THROUGH, 3),
                Map.entry(LeaseStatements.REMOVE_AFTER, 3),
                Map.entry(LeaseStatements.FIND, 3),
                Map.entry(LeaseStatements.DEAD_LETTERS, 4),
                Map.entry(LeaseStatements.COUNTS, 3),
                Map.entry(Statements.FIND_TOPIC_FIRST, 2),
                Map.entry(Statements.PAGE_CHECK, 2),
                Map.entry(Statements.DELETE_STREAM_FIRST_SEQUENCES, 1),
                Map.entry(Statements.DELETE_STREAM_RETENTION, 1),
                Map.entry(RetentionStatements.FIND, 1),
                Map.entry(RetentionStatements.SAVE, 4),
                Map.entry(RetentionStatements.FIRST_SEQUENCES, 2),
                Map.entry(RetentionStatements.TOPICS, 0),
                Map.entry(RetentionStatements.ADD_FIRST, 1),
                Map.entry(RetentionStatements.SET_RETENTION_MS, 2),
                Map.entry(RetentionStatements.LOCK_FIRST, 1),
                Map.entry(RetentionStatements.SET_FIRST, 2),
                Map.entry(RetentionStatements.LOCK_CURSORS, 3),
                Map.entry(RetentionStatements.ADD_EXPIRED, 3),
                Map.entry(RetentionStatements.DELETE_LEASES_BELOW, 2),
                Map.entry(RetentionStatements.HAS_KEYS, 1),
                Map.entry(RetentionStatements.DELETE_KEYS_OF, 2),
                Map.entry(RetentionStatements.DELETE_KEYS_OLDER, 2));
        parameters.forEach(StatementsTest::hasParameters);
    }

    private static void hasParameters(String sql, int expected) {
        System.out.println(sql);
        assertEquals(expected, (int) sql.chars().filter(c -> c == '?').count(), sql);
        assertFalse(sql.contains("public"), sql);
    }
}

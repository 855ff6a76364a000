package io.eventserver.adapters.postgres.consumers;

import java.util.Map;

import io.eventserver.adapters.postgres.sql.StatementsTest;
import org.junit.jupiter.api.Test;

/** The rendered lease statements (ADR 52) have exactly the parameters their callers bind, and no schema name. */
class LeaseStatementsTest {

    @Test
    void eachStatementHasTheParametersItsCallersBind() {
        Map.ofEntries(
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
                Map.entry(LeaseStatements.LEASE_NEVER_LEASED, 10),
                Map.entry(LeaseStatements.ACKNOWLEDGE_ENTRIES, 8))
                .forEach(StatementsTest::hasParameters);
    }
}

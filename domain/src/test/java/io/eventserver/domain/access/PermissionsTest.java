package io.eventserver.domain.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.eventserver.domain.common.InvalidValue;
import org.junit.jupiter.api.Test;

class PermissionsTest {

    @Test
    void aPatternIsAnExactNameEverythingOrAPrefix() {
        assertTrue(new StreamPattern("orders").matches("orders"));
        assertFalse(new StreamPattern("orders").matches("orders.eu"));
        assertTrue(new StreamPattern("orders.*").matches("orders.eu"));
        assertFalse(new StreamPattern("orders.*").matches("orders"), "the dot is part of the prefix");
        assertTrue(new StreamPattern("o*").matches("orders"));
        assertTrue(new StreamPattern("*").matches("anything"));
        for (String bad : List.of("", "a*b", "**", "*a", ".orders", "orders!", "a b", "x".repeat(256))) {
            assertThrows(InvalidValue.class, () -> new StreamPattern(bad), bad);
        }
    }

    @Test
    void grantsAllowTheirActionsOnTheirStreamsOnly() {
        Permissions carol = new Permissions(Set.of(), List.of(
                new Grant(new StreamPattern("orders.*"), EnumSet.of(Action.PUBLISH)),
                new Grant(new StreamPattern("audit"), EnumSet.of(Action.CONSUME))));

        assertTrue(carol.allows(Action.PUBLISH, "orders.eu"));
        assertFalse(carol.allows(Action.CONSUME, "orders.eu"));
        assertTrue(carol.allows(Action.CONSUME, "audit"));
        assertFalse(carol.allows(Action.PUBLISH, "audit"));
        assertTrue(carol.maySee("audit") && carol.maySee("orders.us"));
        assertFalse(carol.maySee("billing"));
        assertFalse(carol.isAdmin());
        Permissions admin = new Permissions(Set.of(Permissions.ADMIN), List.of());
        assertTrue(admin.maySee("billing"), "admins see every stream");
        assertFalse(admin.allows(Action.PUBLISH, "billing"), "but publish only by grant");
    }

    @Test
    void onlyAdminsAndTheMetricsRoleMayReadTheMetrics() {
        assertTrue(new Permissions(Set.of(Permissions.ADMIN), List.of()).mayReadMetrics());
        Permissions scraper = new Permissions(Set.of(Permissions.METRICS), List.of());
        assertTrue(scraper.mayReadMetrics());
        assertFalse(scraper.isAdmin(), "the metrics role opens nothing else");
        assertFalse(scraper.maySee("orders"));
        assertFalse(new Permissions(Set.of(), List.of(Grant.EVERYTHING)).mayReadMetrics(), "grants are not enough");
        assertEquals(Set.of("metrics"), new UserAccount(new Login("prometheus"), "$h", Set.of("metrics"),
                Optional.empty()).roles());
    }

    @Test
    void aUserWithoutGrantsOfItsOwnGetsTheDefaults() {
        UserAccount plain = new UserAccount(new Login("alice"), "$hash", Set.of(), Optional.empty());
        UserAccount none = new UserAccount(new Login("bob"), "$hash", Set.of(), Optional.of(List.of()));

        assertTrue(plain.permissions(List.of(Grant.EVERYTHING)).allows(Action.CONSUME, "x"));
        assertFalse(none.permissions(List.of(Grant.EVERYTHING)).allows(Action.CONSUME, "x"), "an empty list is none");
        assertFalse(plain.toString().contains("$hash"), "never the hash");
        assertThrows(InvalidValue.class, () -> new UserAccount(new Login("x"), "$h", Set.of("root"), Optional.empty()));
        assertThrows(InvalidValue.class, () -> new Grant(StreamPattern.ALL, Set.of()));
    }

    @Test
    void loginsFollowTheProducerIdRules() {
        assertEquals("svc:billing@eu-1.prod", new Login("svc:billing@eu-1.prod").value());
        for (String bad : List.of("", "a b", "ä", "x".repeat(256), "a/b")) {
            assertThrows(InvalidValue.class, () -> new Login(bad), bad);
        }
    }
}

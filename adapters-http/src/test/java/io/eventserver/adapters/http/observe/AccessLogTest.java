package io.eventserver.adapters.http.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AccessLogTest {

    @Test
    void durationsAreWrittenInMillisecondsWithThreeDecimals() {
        assertEquals("0.000", AccessLog.milliseconds(0));
        assertEquals("0.000", AccessLog.milliseconds(999));
        assertEquals("0.001", AccessLog.milliseconds(1_000));
        assertEquals("0.042", AccessLog.milliseconds(42_000));
        assertEquals("1.116", AccessLog.milliseconds(1_116_000));
        assertEquals("12.300", AccessLog.milliseconds(12_300_999));
        assertEquals("60000.000", AccessLog.milliseconds(60_000_000_000L));
    }

    @Test
    void newRequestIdsAreUniqueVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = UUID.fromString(RequestId.random().value());
            assertEquals(4, id.version());
            assertEquals(2, id.variant());
            seen.add(id.toString());
        }
        assertEquals(10_000, seen.size());
    }
}

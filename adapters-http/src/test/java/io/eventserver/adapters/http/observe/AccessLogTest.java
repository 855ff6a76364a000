package io.eventserver.adapters.http.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}

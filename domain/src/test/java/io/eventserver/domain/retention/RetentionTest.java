package io.eventserver.domain.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import io.eventserver.domain.common.InvalidValue;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void aMaxAgeIsAnIsoDurationOfDaysToSecondsReadBackAsWritten() {
        assertEquals(Duration.ofDays(7), MaxAge.parse("P7D").duration());
        assertEquals("P7D", MaxAge.parse("P7D").text());
        assertEquals("PT36H", MaxAge.parse("PT36H").text());
        assertEquals(Duration.ofSeconds(1), MaxAge.parse("PT1S").duration());
        assertEquals(Duration.ofMinutes(90), MaxAge.parse("PT1H30M").duration());
    }

    @Test
    void aMaxAgeBelowASecondAboveACenturyOrInWeeksMonthsOrYearsIsRefusedNamingIt() {
        for (String refused : new String[] {"PT0.5S", "PT0S", "-P1D", "P1W", "P1M", "P1Y", "7 days", "", "P36501D",
                "PT9000000000000000000S", "P" + "9".repeat(70) + "D"}) {
            InvalidValue failure = assertThrows(InvalidValue.class, () -> MaxAge.parse(refused), refused);
            assertTrue(failure.getMessage().startsWith("maxAge"), failure.getMessage());
        }
    }

    @Test
    void aDurationFromTheConfigurationIsWrittenInDaysWhenItIsWholeDays() {
        assertEquals("P30D", MaxAge.of(Duration.ofDays(30)).text());
        assertEquals("PT12H", MaxAge.of(Duration.ofHours(12)).text());
    }

    @Test
    void maxEventsIsAtLeastOne() {
        assertThrows(InvalidValue.class, () -> new Retention(Optional.empty(), Optional.of(0L)));
        assertTrue(new Retention(Optional.empty(), Optional.empty()).isUnlimited());
        assertEquals(Optional.of(1L), new Retention(Optional.empty(), Optional.of(1L)).maxEvents());
    }
}

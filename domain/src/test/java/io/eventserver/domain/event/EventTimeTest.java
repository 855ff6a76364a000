package io.eventserver.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.eventserver.domain.common.InvalidValue;

/**
 * {@link EventTime#parse} is hand-written for speed; it must accept and refuse exactly what the strict
 * {@code DateTimeFormatter}s it replaced did (kept here as the reference), and read the same date-time.
 */
class EventTimeTest {

    private static final DateTimeFormatter WITH_SPACE = formatter(' ');
    private static final DateTimeFormatter WITH_T = formatter('T');

    private static DateTimeFormatter formatter(char separator) {
        return new DateTimeFormatterBuilder()
                .appendValue(ChronoField.YEAR, 4)
                .appendLiteral('-')
                .appendValue(ChronoField.MONTH_OF_YEAR, 2)
                .appendLiteral('-')
                .appendValue(ChronoField.DAY_OF_MONTH, 2)
                .appendLiteral(separator)
                .appendValue(ChronoField.HOUR_OF_DAY, 2)
                .appendLiteral(':')
                .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
                .appendLiteral(':')
                .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                .optionalStart()
                .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                .optionalEnd()
                .toFormatter(Locale.ROOT)
                .withChronology(IsoChronology.INSTANCE)
                .withResolverStyle(ResolverStyle.STRICT);
    }

    /** What the formatters made of the text: the date-time, or empty for a refusal. */
    private static Optional<LocalDateTime> reference(String text) {
        DateTimeFormatter formatter = text.length() > 10 && text.charAt(10) == ' ' ? WITH_SPACE : WITH_T;
        try {
            return Optional.of(LocalDateTime.parse(text, formatter));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDateTime> parsed(String text) {
        try {
            return Optional.of(EventTime.parse(text).value());
        } catch (InvalidValue e) {
            assertEquals("system.time must be a real local date-time as YYYY-MM-DD HH:MM:SS or"
                    + " YYYY-MM-DDTHH:MM:SS[.fraction]", e.getMessage());
            return Optional.empty();
        }
    }

    @Test
    void everyDayOfSomeYearsAndEveryEdgeOfTheClockAgree() {
        List<String> texts = new ArrayList<>();
        for (String year : List.of("0000", "1900", "2000", "2023", "2024", "9999")) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    texts.add(String.format(Locale.ROOT, "%s-%02d-%02d 12:00:00", year, month, day));
                }
            }
        }
        for (int hour : new int[] {0, 9, 23, 24, 99}) {
            for (int minute : new int[] {0, 59, 60}) {
                for (int second : new int[] {0, 59, 60}) {
                    for (char separator : new char[] {' ', 'T', 't', 'x', '_'}) {
                        texts.add(String.format(Locale.ROOT, "2024-02-29%c%02d:%02d:%02d", separator, hour, minute,
                                second));
                    }
                }
            }
        }
        for (int digits = 0; digits <= 11; digits++) {
            for (char separator : new char[] {' ', 'T'}) {
                texts.add("2024-01-02" + separator + "03:04:05." + "123456789012".substring(0, digits));
                texts.add("2024-01-02" + separator + "03:04:05," + "123456789012".substring(0, digits));
            }
        }
        texts.addAll(List.of("", "2024", "2024-01-02", "2024-01-02 03:04", "2024-01-02 03:04:5", "24-01-02 03:04:05",
                "+2024-01-02 03:04:05", "-2024-01-02 03:04:05", "2024-1-02 03:04:05", "2024-01-02  03:04:05",
                "2024-01-02 03:04:05 ", " 2024-01-02 03:04:05", "2024-01-02 03:04:05Z", "2024-01-02T03:04:05+01:00",
                "２０２４-01-02 03:04:05", "2024-01-02 03:04:05.", "2024/01/02 03:04:05", "2024-01-02 03-04-05",
                "12024-01-02 03:04:05", "2024-01-02 03:04:05.1x"));
        for (String text : texts) {
            assertEquals(reference(text), parsed(text), text);
        }
    }

    @Test
    void randomMutationsOfAValidTimeAgree() {
        Random random = new Random(15);
        String alphabet = "0123456789-: T.x+Z,";
        String[] seeds = {"2024-02-29 23:59:59", "2023-12-31T00:00:00.5", "0001-01-01 00:00:00.123456789"};
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(seeds[i % seeds.length]);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, c);
                    case 1 -> {
                        if (at < text.length()) {
                            text.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < text.length()) {
                            text.setCharAt(at, c);
                        }
                    }
                }
            }
            String mutated = text.toString();
            assertEquals(reference(mutated), parsed(mutated), mutated);
        }
    }
}

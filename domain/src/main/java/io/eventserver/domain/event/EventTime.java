package io.eventserver.domain.event;

import java.time.LocalDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Objects;

import io.eventserver.domain.common.InvalidValue;

/**
 * The producer's local time of an event ({@code system.time}): {@code YYYY-MM-DD HH:MM:SS} as in the reference
 * example, or ISO-8601 {@code YYYY-MM-DDTHH:MM:SS[.fraction]}. The date must exist (no 30 February).
 */
public record EventTime(LocalDateTime value) {

    private static final DateTimeFormatter WITH_SPACE = formatter(' ');
    private static final DateTimeFormatter WITH_T = formatter('T');

    public EventTime {
        Objects.requireNonNull(value, "value");
    }

    public static EventTime parse(String text) {
        if (text == null) {
            throw new InvalidValue("system.time is required");
        }
        DateTimeFormatter formatter = text.length() > 10 && text.charAt(10) == ' ' ? WITH_SPACE : WITH_T;
        try {
            return new EventTime(LocalDateTime.parse(text, formatter));
        } catch (DateTimeParseException e) {
            throw new InvalidValue(
                    "system.time must be a real local date-time as YYYY-MM-DD HH:MM:SS or YYYY-MM-DDTHH:MM:SS[.fraction]");
        }
    }

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
}

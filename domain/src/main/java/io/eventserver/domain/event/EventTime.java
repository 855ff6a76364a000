package io.eventserver.domain.event;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Objects;

import io.eventserver.domain.common.InvalidValue;

/**
 * The producer's local time of an event ({@code system.time}): {@code YYYY-MM-DD HH:MM:SS} as in the reference
 * example, or ISO-8601 {@code YYYY-MM-DDTHH:MM:SS[.fraction]} (1 to 9 digits). The date must exist (no 30
 * February). Parsed by hand rather than with a {@code DateTimeFormatter}: every publish parses one, and the
 * formatter's general machinery was a few per cent of a publish's CPU; {@code EventTimeTest} holds the two to the
 * same answers.
 */
public record EventTime(LocalDateTime value) {

    private static final String FORMAT =
            "system.time must be a real local date-time as YYYY-MM-DD HH:MM:SS or YYYY-MM-DDTHH:MM:SS[.fraction]";

    public EventTime {
        Objects.requireNonNull(value, "value");
    }

    public static EventTime parse(String text) {
        if (text == null) {
            throw new InvalidValue("system.time is required");
        }
        if (text.length() < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            throw new InvalidValue(FORMAT);
        }
        // the separator decides the form, as before: a space, or else it must be the T of the ISO form
        char separator = text.charAt(10);
        if (separator != ' ' && separator != 'T') {
            throw new InvalidValue(FORMAT);
        }
        int nanos = 0;
        if (text.length() > 19) {
            int digits = text.length() - 20;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
                throw new InvalidValue(FORMAT);
            }
            nanos = digits(text, 20, digits);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        try {
            return new EventTime(LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2),
                    digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2), nanos));
        } catch (DateTimeException e) {
            throw new InvalidValue(FORMAT);
        }
    }

    /** The number that {@code count} ASCII digits from {@code from} spell. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidValue(FORMAT);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

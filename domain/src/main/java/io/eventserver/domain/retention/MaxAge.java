package io.eventserver.domain.retention;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import io.eventserver.domain.common.InvalidValue;

/**
 * How old an event may get before retention removes it (by its {@code receivedAt}): an ISO-8601 duration of days,
 * hours, minutes and seconds, at least one second. {@code text} is the duration as it was given, so that a stream's
 * retention reads back as it was written ({@code P7D} stays {@code P7D}).
 */
public record MaxAge(String text, Duration duration) {

    public static final Duration LEAST = Duration.ofSeconds(1);
    /** A bound far beyond any use, so that every engine can hold it in milliseconds. */
    public static final Duration MOST = Duration.ofDays(36_500);

    public MaxAge {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(duration, "duration");
        if (duration.compareTo(LEAST) < 0) {
            throw new InvalidValue("maxAge must be at least PT1S");
        }
        if (duration.compareTo(MOST) > 0) {
            throw new InvalidValue("maxAge must be at most P36500D (100 years); null keeps events for ever");
        }
    }

    /**
     * @param text an ISO-8601 duration such as {@code P7D}, {@code PT12H} or {@code P1DT30M}
     * @throws InvalidValue when it is not one, or shorter than a second
     */
    public static MaxAge parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > 64) {
            throw new InvalidValue("maxAge must be an ISO-8601 duration of at most 64 characters");
        }
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidValue("maxAge must be an ISO-8601 duration of days, hours, minutes and seconds"
                    + " (P7D, PT12H) or null");
        }
        return new MaxAge(text, duration);
    }

    /** A duration from the configuration, written as {@code P<n>D} when it is whole days. */
    public static MaxAge of(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        boolean wholeDays = duration.toNanos() % Duration.ofDays(1).toNanos() == 0;
        return new MaxAge(wholeDays ? "P" + duration.toDays() + "D" : duration.toString(), duration);
    }

    @Override
    public String toString() {
        return text;
    }
}

package io.eventserver.domain.stream;

import java.util.regex.Pattern;

import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.common.Text;

/** The name of a stream: 1–255 characters of {@code [A-Za-z0-9._-]}, starting with a letter or digit. */
public record StreamName(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

    public StreamName {
        // VALID's rule, without a regular expression on every request (issue 28); StreamNameTest checks both agree
        if (value == null || value.isEmpty()) {
            throw new InvalidValue("stream name is required");
        }
        if (value.length() > 255 || !letterOrDigit(value.charAt(0))
                || !Text.allOf(value, 1, c -> letterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
            throw new InvalidValue("stream name must be 1-255 characters of [A-Za-z0-9._-], starting with a letter or "
                    + "digit");
        }
    }

    private static boolean letterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** The rule as a regular expression: the documentation of the check above, and its test's oracle. */
    public static boolean matchesRule(String value) {
        return VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.eventserver.domain.common;

import java.util.regex.Pattern;

/** Checks shared by the value objects that wrap names and identifiers. */
public final class Text {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:@-]{1,255}");

    private Text() {
    }

    /** Client-chosen identifiers: producer and consumer ids, and logins, which follow the same rule. */
    public static String requireIdentifier(String value, String what) {
        // the same rule as IDENTIFIER, without a regular expression on every request (issue 28)
        if (value == null || value.isEmpty()) {
            throw new InvalidValue(what + " is required");
        }
        if (value.length() > 255 || !allOf(value, 0, Text::identifierCharacter)) {
            throw new InvalidValue(what + " must be 1-255 characters of [A-Za-z0-9._:@-]");
        }
        return value;
    }

    /** The identifier rule as a regular expression: the documentation of the check above, and its test's oracle. */
    public static boolean matchesIdentifierRule(String value) {
        return IDENTIFIER.matcher(value).matches();
    }

    /** {@code [A-Za-z0-9._:@-]} */
    private static boolean identifierCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
    }

    /** Whether every character of {@code value} from {@code from} on is one {@code allowed} accepts. */
    public static boolean allOf(String value, int from, CharRule allowed) {
        for (int i = from; i < value.length(); i++) {
            if (!allowed.test(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A rule for one character. */
    @FunctionalInterface
    public interface CharRule {
        boolean test(char c);
    }

    public static String requireNonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidValue(what + " must be a non-empty string");
        }
        return value;
    }

    public static String requireLength(String value, String what, int max) {
        requireNonBlank(value, what);
        if (value.codePointCount(0, value.length()) > max) {
            throw new InvalidValue(what + " must be at most " + max + " characters");
        }
        return value;
    }

    public static String requireNoControlCharacters(String value, String what) {
        if (!allOf(value, 0, c -> !Character.isISOControl(c))) {
            throw new InvalidValue(what + " must not contain control characters");
        }
        return value;
    }

    /**
     * Refuses an unpaired surrogate (a lone one from a JSON escape such as {@code \\ud800}): it is no character,
     * cannot be encoded in UTF-8, and would be stored as {@code ?} — so that names differing only there would become
     * one.
     */
    public static String requireWellFormed(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidValue(what + " must be valid Unicode (no unpaired surrogates)");
            }
        }
        return value;
    }

    public static String requireMatch(String value, String what, Pattern pattern, String rule) {
        if (value == null || value.isEmpty()) {
            throw new InvalidValue(what + " is required");
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidValue(what + " must be " + rule);
        }
        return value;
    }
}

package io.eventserver.domain.access;

import java.util.regex.Pattern;

import io.eventserver.domain.common.Text;

/**
 * The streams a grant names: one exact stream name ({@code orders}), every stream ({@code *}), or every stream
 * whose name starts with a prefix ({@code orders.*} matches {@code orders.eu} but not {@code orders}; {@code o*}
 * matches {@code orders}). A {@code *} anywhere but at the end is refused.
 */
public record StreamPattern(String value) {

    private static final Pattern VALID = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,254}\\*?");

    public static final StreamPattern ALL = new StreamPattern("*");

    public StreamPattern {
        Text.requireMatch(value, "streams", VALID,
                "a stream name, * or a prefix of [A-Za-z0-9._-] ending in *");
    }

    public boolean matches(String streamName) {
        if (value.endsWith("*")) {
            return streamName.startsWith(value.substring(0, value.length() - 1));
        }
        return streamName.equals(value);
    }

    @Override
    public String toString() {
        return value;
    }
}

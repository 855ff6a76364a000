package io.eventserver.domain.event;

import java.util.Comparator;

import io.eventserver.domain.common.Text;

/**
 * The name of an event ({@code event.name}): 1–255 characters, not blank, no control characters, no unpaired
 * surrogates.
 */
public record EventName(String value) {

    /**
     * By the names' UTF-8 bytes, unsigned — the order of PostgreSQL's "C" collation, and the one order in which every
     * node takes the locks of several event names (ADR 52), so that no two changes deadlock. UTF-8 keeps the order
     * of code points, so they are compared (not UTF-16 units, which order U+E000..U+FFFF after surrogate pairs).
     */
    public static final Comparator<EventName> BY_UTF8_BYTES = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.value.length() && j < b.value.length()) {
            int x = a.value.codePointAt(i);
            int y = b.value.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.value.length(), j < b.value.length());
    };

    public EventName {
        Text.requireLength(value, "event.name", 255);
        Text.requireNoControlCharacters(value, "event.name");
        Text.requireWellFormed(value, "event.name");
    }

    @Override
    public String toString() {
        return value;
    }
}

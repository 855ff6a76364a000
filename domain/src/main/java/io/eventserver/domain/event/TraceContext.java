package io.eventserver.domain.event;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The W3C Trace Context (https://www.w3.org/TR/trace-context/) a publish came with, stored with each of its events
 * and handed to consumers (ADR 65): the {@code traceparent} as sent, and the {@code tracestate} when it was valid.
 * <p>
 * {@link #of} reads the request headers by the specification's rules, with a scan over characters (no regular
 * expression: it runs on every publish): an invalid {@code traceparent} gives no trace context at all, an invalid
 * {@code tracestate} gives one without a state — never an error.
 */
public record TraceContext(String traceparent, Optional<String> tracestate) {

    /** Version 00 is exactly this long; later versions at least, and may add fields after a dash. */
    private static final int VERSION_00_LENGTH = 55;
    /** A longer {@code traceparent} of a future version is not kept: nothing we know needs more. */
    static final int MAX_TRACEPARENT = 256;
    /** The specification's limit of list-members. */
    static final int MAX_MEMBERS = 32;
    /** What the specification asks a platform to propagate at least; longer states are cut as it suggests. */
    static final int MAX_TRACESTATE = 512;
    private static final int LONG_MEMBER = 128;

    public TraceContext {
        Objects.requireNonNull(tracestate, "tracestate");
        if (!validTraceparent(traceparent)) {
            throw new IllegalArgumentException("not a valid traceparent");
        }
    }

    /**
     * The trace context of a request's headers, or none.
     *
     * @param traceparent every {@code traceparent} header of the request (more than one makes it invalid)
     * @param tracestate  every {@code tracestate} header, in their order (several are one comma-separated list)
     */
    public static Optional<TraceContext> of(List<String> traceparent, List<String> tracestate) {
        if (traceparent.size() != 1 || !validTraceparent(traceparent.getFirst())) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(traceparent.getFirst(), state(tracestate)));
    }

    /** The 32 hex digits of the trace id. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }

    static boolean validTraceparent(String value) {
        if (value == null || value.length() < VERSION_00_LENGTH || value.length() > MAX_TRACEPARENT) {
            return false;
        }
        if (!hex(value, 0, 2) || value.charAt(2) != '-' || value.startsWith("ff")) {
            return false;
        }
        boolean version00 = value.startsWith("00");
        if (version00 ? value.length() != VERSION_00_LENGTH
                : value.length() > VERSION_00_LENGTH && value.charAt(VERSION_00_LENGTH) != '-') {
            return false;
        }
        return hex(value, 3, 35) && value.charAt(35) == '-' && hex(value, 36, 52) && value.charAt(52) == '-'
                && hex(value, 53, 55) && !zeros(value, 3, 35) && !zeros(value, 36, 52)
                && printable(value, VERSION_00_LENGTH);
    }

    /** What a future version adds is kept as sent: printable ASCII only, as a header value we hand on. */
    private static boolean printable(String value, int from) {
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case hex digits only, as the specification requires. */
    private static boolean hex(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /**
     * The list-members of the headers, each without the spaces around it, empty ones dropped, joined by commas; none
     * when a member is malformed, a key repeats or there are more than 32. A state longer than 512 characters is cut
     * as the specification suggests: members longer than 128 first, then from the end.
     */
    static Optional<String> state(List<String> headers) {
        List<String> members = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (String header : headers) {
            int from = 0;
            while (from <= header.length()) {
                int comma = header.indexOf(',', from);
                int to = comma < 0 ? header.length() : comma;
                String member = header.substring(from, to).strip();
                if (!member.isEmpty()) {
                    int equals = member.indexOf('=');
                    if (equals < 0 || !validKey(member, equals) || !validValue(member, equals + 1)
                            || !keys.add(member.substring(0, equals)) || members.size() == MAX_MEMBERS) {
                        return Optional.empty();
                    }
                    members.add(member);
                }
                from = to + 1;
            }
        }
        int length = joinedLength(members);
        for (int i = members.size() - 1; i >= 0 && length > MAX_TRACESTATE; i--) {
            if (members.get(i).length() > LONG_MEMBER) {
                members.remove(i);
                length = joinedLength(members);
            }
        }
        while (length > MAX_TRACESTATE) {
            members.removeLast();
            length = joinedLength(members);
        }
        return members.isEmpty() ? Optional.empty() : Optional.of(String.join(",", members));
    }

    private static int joinedLength(List<String> members) {
        int length = Math.max(0, members.size() - 1);
        for (String member : members) {
            length += member.length();
        }
        return length;
    }

    /**
     * {@code key = simple-key / multi-tenant-key}: a lower-case letter (simple) or a lower-case letter or digit
     * (tenant) first, then up to 255 of {@code a-z 0-9 _ - * /}; a multi-tenant key has one {@code @} with up to 241
     * characters before it and a system id of a letter and up to 13 more after it.
     */
    private static boolean validKey(String member, int end) {
        if (end == 0 || end > 256) {
            return false;
        }
        int at = member.indexOf('@');
        if (at >= end) {
            at = -1;
        }
        char first = member.charAt(0);
        if (at < 0) {
            return lowerLetter(first) && keyChars(member, 1, end);
        }
        int system = end - at - 1;
        return (lowerLetter(first) || digit(first)) && at <= 241 && keyChars(member, 1, at)
                && system >= 1 && system <= 14 && lowerLetter(member.charAt(at + 1))
                && keyChars(member, at + 2, end);
    }

    private static boolean keyChars(String member, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = member.charAt(i);
            if (!lowerLetter(c) && !digit(c) && c != '_' && c != '-' && c != '*' && c != '/') {
                return false;
            }
        }
        return true;
    }

    /** {@code value = 0*255(chr) nblk-chr}: printable ASCII but {@code ,} and {@code =}, spaces inside only. */
    private static boolean validValue(String member, int from) {
        int length = member.length() - from;
        if (length < 1 || length > 256) {
            return false;
        }
        for (int i = from; i < member.length(); i++) {
            char c = member.charAt(i);
            if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
                return false;
            }
        }
        // stripped: it does not end with a space
        return true;
    }

    private static boolean lowerLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}

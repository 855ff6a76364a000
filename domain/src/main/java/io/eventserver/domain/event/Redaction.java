package io.eventserver.domain.event;

import java.math.BigDecimal;

/**
 * The rule of erasure (issue 25, ADR 63): what a redacted event's document is. It keeps the event's name and version
 * and says it was redacted; {@code system}, {@code trigger} and {@code payload} are gone. Every engine stores this
 * document in place of the original, so readers of every route get
 * {@code {"eventId":…,"sequence":…,"receivedAt":…,"event":{"name":…,"version":…},"redacted":true}}.
 */
public final class Redaction {

    private static final String PREFIX = "{\"event\":{\"name\":";
    private static final String SUFFIX = "},\"redacted\":true}";

    private Redaction() {
    }

    /**
     * The redacted document of a stored event: its name and the {@code event.version} its document holds.
     *
     * @throws IllegalStateException when the document has no integral {@code event.version} (the HTTP edge validated
     *                               every stored one, so this is not a published document)
     */
    public static EventDocument of(EventName name, EventDocument original) {
        if (isRedacted(original)) {
            return original;
        }
        long version;
        try {
            version = new VersionScanner(original.json()).version();
        } catch (IndexOutOfBoundsException | NumberFormatException malformed) {
            throw new IllegalStateException("the document is not the JSON a publish stored", malformed);
        }
        return new EventDocument(PREFIX + quote(name.value()) + ",\"version\":" + version + SUFFIX);
    }

    /**
     * Whether the document is a redacted one. No published document can look like it: the edge refuses the unknown
     * top-level member {@code redacted}.
     */
    public static boolean isRedacted(EventDocument document) {
        String json = document.json();
        return json.startsWith(PREFIX) && json.endsWith(SUFFIX);
    }

    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** Finds {@code event.version} in a JSON object's text without a JSON library (the domain has none). */
    private static final class VersionScanner {
        private final String json;
        private int at;

        VersionScanner(String json) {
            this.json = json;
        }

        long version() {
            Long version = null;
            objectMembers:
            {
                expect('{');
                if (peek() == '}') {
                    break objectMembers;
                }
                while (true) {
                    String key = string();
                    expect(':');
                    if (key.equals("event") && peek() == '{') {
                        Long found = versionOfEvent();
                        version = found != null ? found : version;
                    } else {
                        skipValue();
                    }
                    if (peek() == ',') {
                        at++;
                        continue;
                    }
                    break;
                }
            }
            if (version == null) {
                throw new IllegalStateException("the document has no integral event.version");
            }
            return version;
        }

        private Long versionOfEvent() {
            expect('{');
            Long version = null;
            if (peek() == '}') {
                at++;
                return null;
            }
            while (true) {
                String key = string();
                expect(':');
                if (key.equals("version") && peek() != '"' && peek() != '{' && peek() != '[') {
                    String number = scalar();
                    try {
                        version = new BigDecimal(number).longValueExact();
                    } catch (ArithmeticException | NumberFormatException notIntegral) {
                        version = null;
                    }
                } else {
                    skipValue();
                }
                if (peek() == ',') {
                    at++;
                    continue;
                }
                expect('}');
                return version;
            }
        }

        private void skipValue() {
            char c = peek();
            if (c == '"') {
                string();
            } else if (c == '{' || c == '[') {
                int depth = 0;
                do {
                    char d = json.charAt(at);
                    if (d == '"') {
                        string();
                        continue;
                    }
                    if (d == '{' || d == '[') {
                        depth++;
                    } else if (d == '}' || d == ']') {
                        depth--;
                    }
                    at++;
                } while (depth > 0);
            } else {
                scalar();
            }
        }

        private String scalar() {
            int start = at;
            while (at < json.length() && ",}] \t\r\n".indexOf(json.charAt(at)) < 0) {
                at++;
            }
            return json.substring(start, at);
        }

        private String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                char c = json.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    char escaped = json.charAt(at++);
                    switch (escaped) {
                        case 'u' -> {
                            value.append((char) Integer.parseInt(json.substring(at, at + 4), 16));
                            at += 4;
                        }
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'r' -> value.append('\r');
                        case 'b' -> value.append('\b');
                        case 'f' -> value.append('\f');
                        default -> value.append(escaped);
                    }
                } else {
                    value.append(c);
                }
            }
        }

        private char peek() {
            while (at < json.length() && " \t\r\n".indexOf(json.charAt(at)) >= 0) {
                at++;
            }
            if (at >= json.length()) {
                throw new IllegalStateException("the document ends early");
            }
            return json.charAt(at);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalStateException("the document is not the JSON a publish stored");
            }
            at++;
        }
    }
}

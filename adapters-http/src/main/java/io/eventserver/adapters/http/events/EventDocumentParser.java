package io.eventserver.adapters.http.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.eventserver.adapters.http.protocol.BadRequest;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventTime;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.event.SystemInfo;
import io.eventserver.domain.event.Trigger;

/**
 * Turns a publish request body into an {@link EventDraft}: strict UTF-8, strict JSON (no duplicate member names,
 * nothing after the document, bounded nesting and number length), the reserved top level, and the typed fields the
 * contract names. The document itself is kept as the exact text the producer sent, so numbers, unicode and member
 * order come back unchanged.
 * <p>
 * One streaming pass over the body, no tree: the pass checks the syntax of all of it and notes what it finds at the
 * places the contract names (a {@link Found} per document, everything else is skipped token by token); only then is
 * that checked, in a fixed order — unknown top-level members, then event, system, trigger, payload — so that the
 * problem reported does not depend on the order of the members, and a syntax error anywhere comes first.
 */
public final class EventDocumentParser {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final JsonFactory factory;
    private final int maxDepth;

    EventDocumentParser(int maxDepth) {
        this.maxDepth = maxDepth;
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .build())
                .build();
    }

    /** One event document: the body is a JSON object. */
    EventDraft parse(byte[] body) {
        String text = text(body);
        Found found;
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                throw new BadRequest("the body is empty; a JSON object is required");
            }
            found = root == JsonToken.START_OBJECT ? document(parser) : null;
            if (found == null) {
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                throw new BadRequest("the body is not valid JSON: something follows the document");
            }
        } catch (IOException e) {
            throw refusal(e);
        }
        if (found == null) {
            throw new BadRequest("the body must be a JSON object");
        }
        return found.draft(text.strip(), "");
    }

    /**
     * A batch: the body is a JSON array of 1 to {@code maxBatch} event documents, each validated like a single one;
     * a failure names the element's index ({@code [3].event.version must be …}). Each element's document is kept
     * as the exact text the producer sent for it.
     */
    List<EventDraft> parseBatch(byte[] body, int maxBatch) {
        String text = text(body);
        List<Found> elements = new ArrayList<>();
        try (JsonParser parser = factory.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new BadRequest("the body must be a JSON object or a JSON array of them");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new BadRequest("the body is not valid JSON: the array is not closed");
                }
                if (elements.size() == maxBatch) {
                    throw new BadRequest("a batch holds at most " + maxBatch + " events");
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new BadRequest("[" + elements.size() + "] must be a JSON object");
                }
                elements.add(document(parser));
            }
            if (parser.nextToken() != null) {
                throw new BadRequest("the body is not valid JSON: something follows the array");
            }
        } catch (IOException e) {
            throw refusal(e);
        }
        if (elements.isEmpty()) {
            throw new BadRequest("the batch is empty: it must hold 1 to " + maxBatch + " events");
        }
        List<EventDraft> drafts = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Found element = elements.get(i);
            String at = "[" + i + "].";
            try {
                drafts.add(element.draft(text.substring(element.start, element.end), at));
            } catch (InvalidValue e) {
                throw new BadRequest(at + e.getMessage());
            }
        }
        return drafts;
    }

    private static String text(byte[] body) {
        String text = strictUtf8(body);
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    private static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("the body is not valid UTF-8");
        }
    }

    private RuntimeException refusal(IOException e) {
        if (e instanceof StreamConstraintsException) {
            return tooDeep();
        }
        if (e instanceof JsonProcessingException invalid) {
            return new BadRequest("the body is not valid JSON: " + invalid.getOriginalMessage());
        }
        return new UncheckedIOException(e);
    }

    private BadRequest tooDeep() {
        return new BadRequest("the body exceeds a JSON limit (nesting depth at most " + maxDepth
                + ", numbers at most 1000 digits)");
    }

    /**
     * Reads one document, the parser on its opening brace, up to its closing one; notes its text span, the first
     * unknown top-level member, and what the members the contract names hold.
     */
    private static Found document(JsonParser parser) throws IOException {
        Found found = new Found((int) parser.currentTokenLocation().getCharOffset());
        for (String member = parser.nextFieldName(); member != null; member = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (member) {
                case "event" -> found.event = members(parser, value, found, "event");
                case "system" -> found.system = members(parser, value, found, "system");
                case "trigger" -> found.trigger = members(parser, value, found, "trigger");
                case "payload" -> {
                    found.payload = value == JsonToken.START_OBJECT ? Shape.OBJECT : Shape.OTHER;
                    skip(parser, value);
                }
                default -> {
                    if (found.unknown == null) {
                        found.unknown = member;
                    }
                    skip(parser, value);
                }
            }
        }
        found.end = (int) parser.currentLocation().getCharOffset();
        return found;
    }

    /** One of event, system, trigger: the scalar members of it the contract names, the rest skipped. */
    private static Shape members(JsonParser parser, JsonToken value, Found found, String object) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            skip(parser, value);
            return Shape.OTHER;
        }
        for (String member = parser.nextFieldName(); member != null; member = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            found.scalar(object + "." + member, parser, token);
            skip(parser, token);
        }
        return Shape.OBJECT;
    }

    /** Past the value the parser is on (its children and all, checked for syntax on the way). */
    private static void skip(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            parser.skipChildren();
        }
    }

    private enum Shape { MISSING, OBJECT, OTHER }

    /** What one pass found in a document: its span in the body, and the values at the places the contract names. */
    private static final class Found {
        /** A string member's value when it was a JSON string; the members that were present otherwise. */
        private final Map<String, String> strings = new HashMap<>(8);
        private final Set<String> present = new HashSet<>(8);
        private final int start;
        private int end;
        private String unknown;
        private Shape event = Shape.MISSING;
        private Shape system = Shape.MISSING;
        private Shape trigger = Shape.MISSING;
        private Shape payload = Shape.MISSING;
        private long version;

        Found(int start) {
            this.start = start;
        }

        void scalar(String path, JsonParser parser, JsonToken token) throws IOException {
            switch (path) {
                case "event.name", "system.id", "system.name", "system.time", "system.timezone", "trigger.type",
                        "trigger.name" -> {
                    present.add(path);
                    if (token == JsonToken.VALUE_STRING) {
                        strings.put(path, parser.getText());
                    }
                }
                case "event.version" -> {
                    present.add(path);
                    // an integer that fits a long, like the contract's "integer >= 1" (0 marks anything else)
                    boolean fits = token == JsonToken.VALUE_NUMBER_INT
                            && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
                    version = fits ? parser.getLongValue() : 0;
                }
                default -> {
                    // not the contract's: kept in the document, not looked at
                }
            }
        }

        /** The draft of the document, or the first problem in the fixed order; {@code at} prefixes the paths. */
        EventDraft draft(String document, String at) {
            if (unknown != null) {
                throw new BadRequest((at.isEmpty() ? "" : at.substring(0, at.length() - 1) + ": ")
                        + "unknown top-level member \"" + unknown
                        + "\": only event, system, trigger and payload are allowed");
            }
            object(event, at + "event");
            EventName name = new EventName(string("event.name", at));
            EventVersion eventVersion = new EventVersion(version(at));
            object(system, at + "system");
            SystemInfo systemInfo = new SystemInfo(
                    string("system.id", at),
                    string("system.name", at),
                    EventTime.parse(string("system.time", at)),
                    SystemInfo.zone(string("system.timezone", at)));
            object(trigger, at + "trigger");
            Trigger cause = new Trigger(string("trigger.type", at), string("trigger.name", at));
            object(payload, at + "payload");
            return new EventDraft(name, eventVersion, systemInfo, cause, new EventDocument(document));
        }

        private static void object(Shape shape, String path) {
            if (shape == Shape.MISSING) {
                throw new BadRequest(path + " is required");
            }
            if (shape == Shape.OTHER) {
                throw new BadRequest(path + " must be a JSON object");
            }
        }

        private String string(String path, String at) {
            if (!present.contains(path)) {
                throw new BadRequest(at + path + " is required");
            }
            String value = strings.get(path);
            if (value == null) {
                // blank strings are refused by the value objects, with the same words
                throw new BadRequest(at + path + " must be a non-empty string");
            }
            return value;
        }

        private long version(String at) {
            if (!present.contains("event.version")) {
                throw new BadRequest(at + "event.version is required");
            }
            if (version < 1) {
                throw new BadRequest(at + "event.version must be an integer >= 1");
            }
            return version;
        }
    }
}

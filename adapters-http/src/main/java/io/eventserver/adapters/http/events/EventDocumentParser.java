package io.eventserver.adapters.http.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.errors.BadRequest;
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
 * nothing after the document, bounded nesting), the reserved top level, and the typed fields the contract names.
 * The document itself is kept as the exact text the producer sent, so numbers, unicode and member order come back
 * unchanged; the parsed tree is only used to validate it.
 */
public final class EventDocumentParser {

    private static final Set<String> TOP_LEVEL = Set.of("event", "system", "trigger", "payload");
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final ObjectMapper mapper;
    private final int maxDepth;

    EventDocumentParser(int maxDepth) {
        this.maxDepth = maxDepth;
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** One event document: the body is a JSON object. */
    EventDraft parse(byte[] body) {
        String text = text(body);
        JsonNode root = readTree(text);
        if (!root.isObject()) {
            throw new BadRequest("the body must be a JSON object");
        }
        return draft(root, text.strip(), "");
    }

    /**
     * A batch: the body is a JSON array of 1 to {@code maxBatch} event documents, each validated like a single one;
     * a failure names the element's index ({@code [3].event.version must be …}). Each element's document is kept
     * as the exact text the producer sent for it.
     */
    List<EventDraft> parseBatch(byte[] body, int maxBatch) {
        String text = text(body);
        List<int[]> elements = new ArrayList<>();
        try (JsonParser parser = mapper.getFactory().createParser(text)) {
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
                int start = (int) parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                elements.add(new int[] {start, (int) parser.currentLocation().getCharOffset()});
            }
            if (parser.nextToken() != null) {
                throw new BadRequest("the body is not valid JSON: something follows the array");
            }
        } catch (StreamConstraintsException e) {
            throw tooDeep();
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (elements.isEmpty()) {
            throw new BadRequest("the batch is empty: it must hold 1 to " + maxBatch + " events");
        }
        List<EventDraft> drafts = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            String element = text.substring(elements.get(i)[0], elements.get(i)[1]);
            String at = "[" + i + "].";
            try {
                drafts.add(draft(readTree(element), element, at));
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

    /** The draft of one document; {@code at} prefixes the field names in errors ({@code [3].} in a batch). */
    private static EventDraft draft(JsonNode root, String document, String at) {
        for (String member : (Iterable<String>) root::fieldNames) {
            if (!TOP_LEVEL.contains(member)) {
                throw new BadRequest((at.isEmpty() ? "" : at.substring(0, at.length() - 1) + ": ")
                        + "unknown top-level member \"" + member
                        + "\": only event, system, trigger and payload are allowed");
            }
        }
        JsonNode event = object(root, "event", at + "event");
        EventName name = new EventName(string(event, "name", at + "event.name"));
        EventVersion version = new EventVersion(integer(event, "version", at + "event.version"));
        JsonNode system = object(root, "system", at + "system");
        SystemInfo systemInfo = new SystemInfo(
                string(system, "id", at + "system.id"),
                string(system, "name", at + "system.name"),
                EventTime.parse(string(system, "time", at + "system.time")),
                SystemInfo.zone(string(system, "timezone", at + "system.timezone")));
        JsonNode trigger = object(root, "trigger", at + "trigger");
        Trigger cause = new Trigger(string(trigger, "type", at + "trigger.type"),
                string(trigger, "name", at + "trigger.name"));
        object(root, "payload", at + "payload");
        return new EventDraft(name, version, systemInfo, cause, new EventDocument(document));
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

    private JsonNode readTree(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            throw tooDeep();
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new BadRequest("the body is empty; a JSON object is required");
        }
        return root;
    }

    private BadRequest tooDeep() {
        return new BadRequest("the body exceeds a JSON limit (nesting depth at most " + maxDepth
                + ", numbers at most 1000 digits)");
    }

    private static JsonNode object(JsonNode parent, String member, String path) {
        JsonNode node = parent.get(member);
        if (node == null) {
            throw new BadRequest(path + " is required");
        }
        if (!node.isObject()) {
            throw new BadRequest(path + " must be a JSON object");
        }
        return node;
    }

    private static String string(JsonNode parent, String member, String path) {
        JsonNode node = parent.get(member);
        if (node == null) {
            throw new BadRequest(path + " is required");
        }
        if (!node.isTextual()) {
            // blank strings are refused by the value objects, with the same words
            throw new BadRequest(path + " must be a non-empty string");
        }
        return node.textValue();
    }

    private static long integer(JsonNode parent, String member, String path) {
        JsonNode node = parent.get(member);
        if (node == null) {
            throw new BadRequest(path + " is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
            throw new BadRequest(path + " must be an integer >= 1");
        }
        return node.longValue();
    }
}

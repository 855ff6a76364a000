package io.eventserver.adapters.http.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.errors.BadRequest;
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

    EventDraft parse(byte[] body) {
        String text = strictUtf8(body);
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        JsonNode root = readTree(text);
        if (!root.isObject()) {
            throw new BadRequest("the body must be a JSON object");
        }
        for (String member : (Iterable<String>) root::fieldNames) {
            if (!TOP_LEVEL.contains(member)) {
                throw new BadRequest("unknown top-level member \"" + member
                        + "\": only event, system, trigger and payload are allowed");
            }
        }
        JsonNode event = object(root, "event", "event");
        EventName name = new EventName(string(event, "name", "event.name"));
        EventVersion version = new EventVersion(integer(event, "version", "event.version"));
        JsonNode system = object(root, "system", "system");
        SystemInfo systemInfo = new SystemInfo(
                string(system, "id", "system.id"),
                string(system, "name", "system.name"),
                EventTime.parse(string(system, "time", "system.time")),
                SystemInfo.zone(string(system, "timezone", "system.timezone")));
        JsonNode trigger = object(root, "trigger", "trigger");
        Trigger cause = new Trigger(string(trigger, "type", "trigger.type"), string(trigger, "name", "trigger.name"));
        object(root, "payload", "payload");
        return new EventDraft(name, version, systemInfo, cause, new EventDocument(text.strip()));
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
            throw new BadRequest("the body exceeds a JSON limit (nesting depth at most " + maxDepth
                    + ", numbers at most 1000 digits)");
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new BadRequest("the body is empty; a JSON object is required");
        }
        return root;
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
            throw new BadRequest(path + " must be an integer >= 1 (a JSON number without fraction or exponent)");
        }
        return node.longValue();
    }
}

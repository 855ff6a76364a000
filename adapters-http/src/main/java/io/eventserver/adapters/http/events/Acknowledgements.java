package io.eventserver.adapters.http.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.protocol.BadRequest;
import io.eventserver.application.port.in.FinishEventsUseCase;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventId;

/**
 * The body of a batch acknowledgement: {@code {"action": "ACK"|"NACK"|"EXTEND", "eventIds": ["…", …], "delay": S,
 * "lease": S}}. Members other than these four are refused, so that a misspelled one is not silently ignored; the ranges
 * (how many ids, the delay and the lease) are the use case's to check.
 */
final class Acknowledgements {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MEMBERS = Set.of("action", "eventIds", "delay", "lease");
    private static final String SHAPE = "the body must be the JSON object {\"action\": \"ACK\"|\"NACK\"|\"EXTEND\","
            + " \"eventIds\": [\"…\"], \"delay\": S, \"lease\": S}";

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build());
        // {"action":"NACK","action":"ACK"} must not mean whichever came last
        JSON.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    private Acknowledgements() {
    }

    record Batch(FinishEventsUseCase.Action action, List<EventId> events, OptionalInt delay, OptionalInt lease) {
    }

    static Batch parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new BadRequest(SHAPE);
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest(SHAPE);
        }
        for (Iterator<Map.Entry<String, JsonNode>> members = root.properties().iterator(); members.hasNext(); ) {
            String name = members.next().getKey();
            if (!MEMBERS.contains(name)) {
                throw new BadRequest("unknown member \"" + (name.length() > 40 ? name.substring(0, 40) + "…" : name)
                        + "\"; " + SHAPE);
            }
        }
        JsonNode action = root.get("action");
        if (action == null || !action.isTextual()) {
            throw new BadRequest("action must be \"ACK\", \"NACK\" or \"EXTEND\"");
        }
        FinishEventsUseCase.Action parsed = switch (action.textValue()) {
            case "ACK" -> FinishEventsUseCase.Action.ACK;
            case "NACK" -> FinishEventsUseCase.Action.NACK;
            case "EXTEND" -> FinishEventsUseCase.Action.EXTEND;
            default -> throw new BadRequest("action must be \"ACK\", \"NACK\" or \"EXTEND\"");
        };
        JsonNode ids = root.get("eventIds");
        if (ids == null || !ids.isArray()) {
            throw new BadRequest("eventIds must be an array of event ids");
        }
        List<EventId> events = new ArrayList<>(ids.size());
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                throw new BadRequest("eventIds must be an array of event ids");
            }
            try {
                events.add(EventId.parse(id.textValue()));
            } catch (InvalidValue e) {
                throw new BadRequest("eventIds must hold event ids: " + e.getMessage());
            }
        }
        return new Batch(parsed, events, seconds(root, "delay"), seconds(root, "lease"));
    }

    private static OptionalInt seconds(JsonNode root, String name) {
        JsonNode value = root.get(name);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new BadRequest(name + " must be an integer (seconds)");
        }
        return OptionalInt.of(value.intValue());
    }
}

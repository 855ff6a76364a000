package io.eventserver.adapters.http.operator;

import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.protocol.BadRequest;
import io.eventserver.domain.retention.MaxAge;
import io.eventserver.domain.retention.Retention;

/**
 * The body of {@code PUT /api/v1/streams/{streamName}/retention}: {@code {"maxAge": "P7D", "maxEvents": 1000000}},
 * either member left out or {@code null} for unlimited, nothing else. Every refusal names the member at fault.
 */
final class RetentionBody {

    private static final Set<String> MEMBERS = Set.of("maxAge", "maxEvents");
    static final String SHAPE =
            "the body must be the JSON object {\"maxAge\": \"P7D\" or null, \"maxEvents\": n or null}";

    private RetentionBody() {
    }

    static Retention parse(ObjectMapper mapper, byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new BadRequest(SHAPE);
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest(SHAPE);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new BadRequest("unknown member " + (name.length() > 64 ? name.substring(0, 64) + "…" : name)
                        + ": " + SHAPE);
            }
        }
        return new Retention(maxAge(root.get("maxAge")), maxEvents(root.get("maxEvents")));
    }

    private static Optional<MaxAge> maxAge(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new BadRequest("maxAge must be an ISO-8601 duration such as \"P7D\" (at least PT1S) or null");
        }
        // MaxAge refuses with InvalidValue, answered 400 with its message, which names maxAge
        return Optional.of(MaxAge.parse(node.textValue()));
    }

    private static Optional<Long> maxEvents(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
            throw new BadRequest("maxEvents must be an integer >= 1 or null");
        }
        return Optional.of(node.longValue());
    }
}

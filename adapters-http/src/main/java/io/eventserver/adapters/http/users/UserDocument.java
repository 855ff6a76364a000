package io.eventserver.adapters.http.users;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.protocol.BadRequest;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.StreamPattern;

/**
 * The user document of {@code PUT /api/v1/users/{login}}, exactly
 * {@code {"password": "…", "roles": ["admin"], "grants": [{"streams": "orders.*", "actions": ["publish"]}]}}
 * ({@code roles} and {@code grants} optional). Any other member is refused (no mass assignment: OWASP API3).
 */
record UserDocument(char[] password, Set<String> roles, Optional<List<Grant>> grants) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build());
    }

    static UserDocument parse(byte[] body) {
        JsonNode root = object(body);
        JsonNode password = root.get("password");
        if (password == null || !password.isTextual()) {
            throw new BadRequest("password must be a string");
        }
        return new UserDocument(password.textValue().toCharArray(), roles(root.get("roles")),
                Optional.ofNullable(root.get("grants")).map(UserDocument::grants));
    }

    /**
     * A JSON merge patch (RFC 7396) of the user document, {@code PATCH /api/v1/users/{login}}: each member optional,
     * checked as in the document; {@code null} removes a member — {@code roles} then become none and {@code grants}
     * the default grants — except {@code password}, which cannot be removed. Arrays replace, they are not merged.
     *
     * @param password empty: unchanged
     * @param roles    empty: unchanged
     * @param grants   empty: unchanged; holding an empty optional: removed (the default grants apply)
     */
    record Patch(Optional<char[]> password, Optional<Set<String>> roles, Optional<Optional<List<Grant>>> grants) {

        static Patch parse(byte[] body) {
            JsonNode root = object(body);
            JsonNode password = root.get("password");
            if (password != null && !password.isTextual()) {
                throw new BadRequest(password.isNull()
                        ? "password cannot be removed; leave it out to keep it"
                        : "password must be a string");
            }
            JsonNode roles = root.get("roles");
            JsonNode grants = root.get("grants");
            Optional<Set<String>> newRoles = roles == null ? Optional.empty()
                    : Optional.of(roles.isNull() ? Set.of() : UserDocument.roles(roles));
            Optional<Optional<List<Grant>>> newGrants = grants == null ? Optional.empty()
                    : Optional.of(grants.isNull() ? Optional.empty() : Optional.of(UserDocument.grants(grants)));
            return new Patch(Optional.ofNullable(password).map(text -> text.textValue().toCharArray()), newRoles,
                    newGrants);
        }
    }

    /** The body as a JSON object with no members but the document's. */
    private static JsonNode object(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("the body must be a user document: {\"password\": …, \"roles\": […], "
                    + "\"grants\": […]}");
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest("the body must be a JSON object");
        }
        onlyMembers(root, "", Set.of("password", "roles", "grants"));
        return root;
    }

    private static Set<String> roles(JsonNode roles) {
        if (roles == null) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String role : strings(roles, "roles")) {
            names.add(role);
        }
        return names;
    }

    private static List<Grant> grants(JsonNode grants) {
        if (!grants.isArray()) {
            throw new BadRequest("grants must be an array");
        }
        List<Grant> result = new ArrayList<>();
        for (int i = 0; i < grants.size(); i++) {
            String at = "grants[" + i + "]";
            JsonNode grant = grants.get(i);
            if (!grant.isObject()) {
                throw new BadRequest(at + " must be an object {\"streams\": …, \"actions\": […]}");
            }
            onlyMembers(grant, at + ".", Set.of("streams", "actions"));
            JsonNode streams = grant.get("streams");
            if (streams == null || !streams.isTextual()) {
                throw new BadRequest(at + ".streams must be a string");
            }
            JsonNode actions = grant.get("actions");
            if (actions == null) {
                throw new BadRequest(at + ".actions is required");
            }
            Set<Action> allowed = EnumSet.noneOf(Action.class);
            for (String action : strings(actions, at + ".actions")) {
                allowed.add(Action.of(action, at + ".actions"));
            }
            if (allowed.isEmpty()) {
                throw new BadRequest(at + ".actions must name at least one of publish, consume");
            }
            result.add(new Grant(new StreamPattern(streams.textValue()), allowed));
        }
        return result;
    }

    private static List<String> strings(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new BadRequest(field + " must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new BadRequest(field + " must be an array of strings");
            }
            values.add(element.textValue());
        }
        return values;
    }

    private static void onlyMembers(JsonNode object, String prefix, Set<String> allowed) {
        for (Iterator<Map.Entry<String, JsonNode>> members = object.fields(); members.hasNext(); ) {
            String name = members.next().getKey();
            if (!allowed.contains(name)) {
                throw new BadRequest(prefix + printable(name) + " is not a member of the user document (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** At most 64 characters of a client-chosen name, without control characters, for an error message. */
    private static String printable(String name) {
        String shown = name.codePoints().filter(c -> !Character.isISOControl(c)).limit(64)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.isEmpty() ? "\"\"" : shown;
    }
}

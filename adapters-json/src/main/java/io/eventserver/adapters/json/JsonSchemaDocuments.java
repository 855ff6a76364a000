package io.eventserver.adapters.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.eventserver.application.port.out.JsonDocuments;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventDocument;

/**
 * {@link JsonDocuments} on Jackson and networknt's json-schema-validator, draft 2020-12 (ADR 66). A schema never
 * makes the server fetch anything: only the draft's meta-schemas, from the library's own jar, may be loaded; every
 * other {@code $ref} outside the schema is refused when the schema is registered. Regular expressions run on the
 * JDK's engine with a step budget ({@link BudgetedRegularExpressions}), so one built to backtrack costs a bounded
 * time and fails the payload.
 */
public final class JsonSchemaDocuments implements JsonDocuments {

    /** The meta-schemas of draft 2020-12, which the library carries in its jar and loads from there. */
    private static final String META_SCHEMAS = "https://json-schema.org/draft/2020-12/";
    private static final String META_SCHEMA = META_SCHEMAS + "schema";
    /** What a schema is validated against once at registration, to find references that never end. */
    private static final List<String> PROBES = List.of("null", "{}", "[]", "\"\"", "0", "true");

    private final int maxSchemaBytes;
    private final ObjectMapper json;
    private final SchemaRegistry registry;
    private final Schema metaSchema;

    /**
     * @param maxSchemaBytes the largest schema, in bytes of UTF-8 ({@code api.max-schema-bytes})
     * @param maxDepth       the deepest nesting of arrays and objects in a schema or a document
     */
    public JsonSchemaDocuments(int maxSchemaBytes, int maxDepth) {
        if (maxSchemaBytes < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("maxSchemaBytes and maxDepth must be >= 1");
        }
        this.maxSchemaBytes = maxSchemaBytes;
        this.json = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .build());
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .regularExpressionFactory(new BudgetedRegularExpressions())
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaRegistryConfig(config)
                .schemaLoader(loader -> loader
                        .fetchRemoteResources(false)
                        .allow(iri -> iri.toString().startsWith(META_SCHEMAS))));
        this.metaSchema = registry.getSchema(SchemaLocation.of(META_SCHEMA));
    }

    @Override
    public PayloadSchema compile(String schema) {
        if (schema.getBytes(StandardCharsets.UTF_8).length > maxSchemaBytes) {
            throw new InvalidValue("a schema has at most " + maxSchemaBytes + " bytes (api.max-schema-bytes)");
        }
        JsonNode node = parse(schema, "the schema");
        if (!node.isObject() && !node.isBoolean()) {
            throw new InvalidValue("a schema is a JSON object or a boolean");
        }
        JsonNode declared = node.path("$schema");
        if (!declared.isMissingNode() && !META_SCHEMA.equals(declared.asText())) {
            throw new InvalidValue("a schema is of draft 2020-12 ($schema " + META_SCHEMA + " or none)");
        }
        List<Error> wrong = metaSchema.validate(node);
        if (!wrong.isEmpty()) {
            throw new InvalidValue("not a valid JSON Schema (draft 2020-12): " + describe(wrong.getFirst()));
        }
        try {
            Schema compiled = registry.getSchema(node);
            compiled.initializeValidators();
            for (String probe : PROBES) {
                compiled.validate(json.readTree(probe));
            }
            return new Compiled(compiled);
        } catch (PatternSyntaxException e) {
            throw new InvalidValue("a pattern of the schema is no regular expression: " + e.getDescription());
        } catch (SchemaException | IllegalStateException | IllegalArgumentException | JsonProcessingException e) {
            throw new InvalidValue("the schema refers to what cannot be loaded (only references within the schema"
                    + " are allowed): " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new InvalidValue("the schema refers to itself without end");
        }
    }

    @Override
    public Predicate<EventDocument> containing(String jsonObject) {
        JsonNode contained = parse(jsonObject, "contains");
        if (!contained.isObject()) {
            throw new InvalidValue("contains must be a JSON object");
        }
        if (hasNul(contained)) {
            throw new InvalidValue("contains must not contain the character U+0000");
        }
        return document -> {
            try {
                return Containment.contains(json.readTree(document.json()), contained);
            } catch (JsonProcessingException e) {
                return false;
            }
        };
    }

    private JsonNode parse(String text, String what) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidValue(what + " must be JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidValue(what + " must be JSON: " + e.getOriginalMessage());
        }
    }

    private static boolean hasNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().indexOf('\0') >= 0 || hasNul(field.getValue())) {
                return true;
            }
        }
        for (JsonNode element : node.isArray() ? node : MissingNode.getInstance()) {
            if (hasNul(element)) {
                return true;
            }
        }
        return false;
    }

    /** {@code <JSON pointer>: <what is wrong>}; the root is the empty pointer. */
    static String describe(Error error) {
        return error.getInstanceLocation() + ": " + error.getMessage();
    }

    private final class Compiled implements PayloadSchema {

        private final Schema schema;

        Compiled(Schema schema) {
            this.schema = schema;
        }

        @Override
        public Optional<String> violation(EventDocument document) {
            JsonNode payload;
            try {
                payload = json.readTree(document.json()).path("payload");
            } catch (IOException e) {
                return Optional.of(": the document is no JSON");
            }
            try {
                List<Error> errors = schema.validate(payload);
                return errors.isEmpty() ? Optional.empty() : Optional.of(describe(errors.getFirst()));
            } catch (BudgetedRegularExpressions.TooManySteps e) {
                return Optional.of(": " + e.getMessage());
            } catch (StackOverflowError e) {
                return Optional.of(": the schema does not come to an end for this payload");
            }
        }
    }
}

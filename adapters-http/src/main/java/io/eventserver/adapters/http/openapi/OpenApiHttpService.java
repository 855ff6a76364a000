package io.eventserver.adapters.http.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.adapters.http.protocol.MethodNotAllowed;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * Serves the OpenAPI 3 description of the API, {@code openapi.json} (checked in under this module's resources), at
 * {@code /openapi}, with the configured {@code api.max-limit} in it. {@code OpenApiDocumentTest} fails when the routes and the document disagree.
 */
public final class OpenApiHttpService implements HttpService {

    static final String PATH = "/openapi";
    public static final String RESOURCE = "/openapi.json";

    private final String document;

    /** The routes whose {@code limit} goes up to {@code api.max-limit}. */
    private static final List<String> LIMITED_BY_MAX_LIMIT = List.of("/api/v1/streams/{streamName}/events",
            "/api/v1/streams/{streamName}/event-names/{eventName}/events", "/api/v1/streams",
            "/api/v1/streams/{streamName}/event-names", "/api/v1/streams/{streamName}/consumers",
            "/api/v1/consumer-lags", "/api/v1/streams/{streamName}/consumers/{consumerId}/dead-letters");

    /** Query parameters besides {@code limit} that go up to {@code api.max-limit}. */
    private static final List<String> PARAMETERS_UP_TO_MAX_LIMIT = List.of("limit", "maxInFlight");

    /** @param maxLimit the configured {@code api.max-limit}, written into the {@code limit} of the routes it bounds */
    public OpenApiHttpService(int maxLimit) {
        try (InputStream in = OpenApiHttpService.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            ObjectMapper json = new ObjectMapper();
            JsonNode openapi = json.readTree(in);
            for (String path : LIMITED_BY_MAX_LIMIT) {
                for (JsonNode parameter : openapi.path("paths").path(path).path("get").path("parameters")) {
                    if (PARAMETERS_UP_TO_MAX_LIMIT.contains(parameter.path("name").asText())) {
                        ((ObjectNode) parameter.path("schema")).put("maximum", maxLimit);
                    }
                }
            }
            // a batch acknowledgement names 1..api.max-limit events
            ((ObjectNode) openapi.path("components").path("schemas").path("AcknowledgementBatch").path("properties")
                    .path("eventIds")).put("maxItems", maxLimit);
            document = json.writeValueAsString(openapi);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, (req, res) -> JsonResponses.sendJson(res, Status.OK_200, document))
                .any(PATH, MethodNotAllowed.handler("GET"));
    }
}

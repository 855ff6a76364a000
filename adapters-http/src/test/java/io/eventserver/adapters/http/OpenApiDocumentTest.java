package io.eventserver.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.openapi.OpenApiHttpService;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import org.junit.jupiter.api.Test;

/**
 * The served routes and the checked-in OpenAPI document agree: every route a service registers is documented with
 * its method, and every documented operation under our own paths is served. The observe endpoints
 * ({@code /observe/...}: health, and Helidon's metrics) are documented and checked end to end instead.
 */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void theDocumentDescribesExactlyTheServedRoutes() throws Exception {
        Set<String> served = new TreeSet<>();
        HttpRules recorder = (HttpRules) Proxy.newProxyInstance(HttpRules.class.getClassLoader(),
                new Class<?>[] {HttpRules.class}, (proxy, method, args) -> {
                    if (METHODS.contains(method.getName()) && args != null && args[0] instanceof String pattern
                            && !pattern.startsWith("/console")) {
                        served.add(method.getName().toUpperCase(Locale.ROOT) + " " + pattern);
                    }
                    return method.getReturnType().isInstance(proxy) ? proxy : null;
                });
        for (HttpService service : services()) {
            service.routing(recorder);
        }

        Set<String> documented = new TreeSet<>();
        JsonNode paths;
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(OpenApiHttpService.RESOURCE)) {
            paths = new ObjectMapper().readTree(in).get("paths");
        }
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            if (path.getKey().startsWith("/observe/")) {
                continue;
            }
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (METHODS.contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }

        assertEquals(served, documented);
    }

    /**
     * What client generators need (issue 23): every operation in exactly one declared tag (one API class per tag, no
     * DefaultApi with all of them), a server, and an error schema whose prefixes cover every status the API answers.
     * {@code OpenApiClientsIT} runs the generators themselves.
     */
    @Test
    void theDocumentIsReadyForClientGenerators() throws Exception {
        JsonNode document;
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(OpenApiHttpService.RESOURCE)) {
            document = new ObjectMapper().readTree(in);
        }
        Set<String> declared = new TreeSet<>();
        document.get("tags").forEach(tag -> declared.add(tag.get("name").asText()));
        Set<String> used = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                JsonNode tags = operation.getValue().get("tags");
                String name = operation.getKey() + " " + path.getKey();
                assertEquals(1, tags == null ? 0 : tags.size(), name + " has exactly one tag");
                used.add(tags.get(0).asText());
            }
        }
        assertEquals(declared, used, "every declared tag is used, every used tag is declared");
        assertEquals(false, document.path("servers").isEmpty(), "servers");

        java.util.regex.Pattern error = java.util.regex.Pattern.compile(
                document.get("components").get("schemas").get("Error").get("pattern").asText());
        for (String answer : List.of("Bad Request - x", "Unauthorized", "Forbidden - x", "Not Found - x",
                "Method Not Allowed", "Request Timeout - x", "Conflict - x", "Payload Too Large - x",
                "Unprocessable Content - x", "Locked - Second writers not allowed", "Too Many Requests - x",
                "Request Header Fields Too Large - x", "Internal Server Error - x", "Not Implemented - x",
                "Service Unavailable - x")) {
            assertTrue(error.matcher(answer).matches(), answer);
        }
        String described = document.get("components").get("schemas").get("Error").get("description").asText();
        for (String status : List.of("405", "409", "422", "429")) {
            assertTrue(described.contains("(" + status + ")"), "the Error schema names " + status);
        }
    }

    private static List<HttpService> services() {
        return new HttpApi(new UseCases(unused(), unused(), unused(), unused(), unused(), new FakeUsers(), unused(),
                unused(), unused(), unused(), unused(), unused(), unused(), unused(), unused(), unused(), unused()),
                new HttpSettings(HttpSettings.DEFAULT_MAX_BODY_BYTES, 8, AccessSettings.defaults(), 128,
                        io.eventserver.adapters.http.EdgeSettings.defaults(1000), 20, 1000),
                io.helidon.metrics.api.Metrics.globalRegistry(), java.time.Clock.systemUTC(), List.of()).services();
    }

    /** A use case that is never called: routing only registers handlers. */
    @SuppressWarnings("unchecked")
    private static <T> T unused() {
        return (T) Proxy.newProxyInstance(OpenApiDocumentTest.class.getClassLoader(), new Class<?>[] {
                io.eventserver.application.port.in.PublishEventUseCase.class,
                io.eventserver.application.port.in.ReadEventsUseCase.class,
                io.eventserver.application.port.in.AcknowledgeEventUseCase.class,
                io.eventserver.application.port.in.InspectStreamsUseCase.class,
                io.eventserver.application.port.in.ResetOffsetUseCase.class,
                io.eventserver.application.port.in.ManageUsersUseCase.class,
                io.eventserver.application.port.in.ManageIdsUseCase.class,
                io.eventserver.application.port.in.ManageSchemasUseCase.class,
                io.eventserver.application.port.in.SearchEventsUseCase.class,
                io.eventserver.application.port.in.LeaseEventsUseCase.class,
                io.eventserver.application.port.in.FinishEventsUseCase.class,
                io.eventserver.application.port.in.DeadLettersUseCase.class,
                io.eventserver.application.port.in.DeleteStreamUseCase.class,
                io.eventserver.application.port.in.DeleteConsumerUseCase.class,
                io.eventserver.application.port.in.RedactEventUseCase.class,
                io.eventserver.application.port.in.ManageRetentionUseCase.class}, (proxy, method, args) -> {
                    throw new AssertionError("not expected: " + method);
                });
    }
}

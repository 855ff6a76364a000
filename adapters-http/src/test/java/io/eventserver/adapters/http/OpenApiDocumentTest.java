package io.eventserver.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private static List<HttpService> services() {
        return new HttpApi(new UseCases(unused(), unused(), unused(), unused(), unused(), new FakeUsers(), unused(),
                unused()),
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
                io.eventserver.application.port.in.ManageIdsUseCase.class}, (proxy, method, args) -> {
                    throw new AssertionError("not expected: " + method);
                });
    }
}

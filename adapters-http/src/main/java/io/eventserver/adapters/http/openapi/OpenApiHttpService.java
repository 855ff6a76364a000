package io.eventserver.adapters.http.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.eventserver.adapters.http.errors.MethodNotAllowed;
import io.eventserver.adapters.http.protocol.JsonResponses;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * Serves the OpenAPI 3 description of the API, {@code openapi.json} (checked in under this module's resources), at
 * {@code /openapi}. {@code OpenApiDocumentTest} fails when the routes and the document disagree.
 */
public final class OpenApiHttpService implements HttpService {

    static final String PATH = "/openapi";
    public static final String RESOURCE = "/openapi.json";

    private final String document;

    public OpenApiHttpService() {
        try (InputStream in = OpenApiHttpService.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
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

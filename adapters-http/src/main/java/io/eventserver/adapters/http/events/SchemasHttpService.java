package io.eventserver.adapters.http.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.stream.Collectors;

import io.eventserver.adapters.http.protocol.BadRequest;
import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.adapters.http.protocol.MethodNotAllowed;
import io.eventserver.adapters.http.protocol.Requests;
import io.eventserver.adapters.http.security.Caller;
import io.eventserver.adapters.http.security.RouteAccess;
import io.eventserver.application.port.in.ManageSchemasUseCase.RegisterSchemaCommand;
import io.eventserver.application.port.in.ManageSchemasUseCase;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.stream.StreamName;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The JSON Schemas of an event name's payloads, one per version (issue 26, ADR 66): registered by an admin or the
 * owner of the stream's producer id, read by whoever may see the stream, deleted by an admin.
 */
public final class SchemasHttpService implements HttpService {

    public static final String SCHEMAS_PATH = "/api/v1/streams/{streamName}/event-names/{eventName}/schemas";
    public static final String SCHEMA_PATH = SCHEMAS_PATH + "/{version}";

    private final ManageSchemasUseCase schemas;
    private final int maxBodyBytes;

    /** @param maxBodyBytes the largest body read; the schema's own limit is checked when it is compiled */
    public SchemasHttpService(ManageSchemasUseCase schemas, int maxBodyBytes) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(SCHEMAS_PATH, this::versions)
                .any(SCHEMAS_PATH, MethodNotAllowed.handler("GET"))
                .put(SCHEMA_PATH, this::register)
                .get(SCHEMA_PATH, this::schema)
                .delete(SCHEMA_PATH, this::delete)
                .any(SCHEMA_PATH, MethodNotAllowed.handler("DELETE, GET, PUT"));
    }

    private void register(ServerRequest req, ServerResponse res) {
        Caller caller = RouteAccess.caller(req);
        StreamName stream = stream(req);
        EventName name = eventName(req);
        EventVersion version = version(req);
        Requests.requireContentType(req, "application/json");
        byte[] body = Requests.body(req, maxBodyBytes);
        String schema = decode(body);
        boolean created = schemas.register(new RegisterSchemaCommand(stream, name, version, schema, caller.login(),
                caller.permissions().isAdmin()));
        JsonResponses.sendJson(res, created ? Status.CREATED_201 : Status.OK_200, schema);
    }

    private void schema(ServerRequest req, ServerResponse res) {
        RouteAccess.requireVisible(req, req.path().pathParameters().get("streamName"));
        JsonResponses.sendJson(res, Status.OK_200, schemas.schema(stream(req), eventName(req), version(req)));
    }

    private void versions(ServerRequest req, ServerResponse res) {
        RouteAccess.requireVisible(req, req.path().pathParameters().get("streamName"));
        JsonResponses.sendJson(res, Status.OK_200, schemas.versions(stream(req), eventName(req)).stream()
                .map(version -> Long.toString(version.value()))
                .collect(Collectors.joining(",", "{\"versions\":[", "]}")));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        RouteAccess.requireAdmin(req);
        schemas.delete(stream(req), eventName(req), version(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private static StreamName stream(ServerRequest req) {
        return new StreamName(req.path().pathParameters().get("streamName"));
    }

    private static EventName eventName(ServerRequest req) {
        Requests.requireUtf8Target(req);
        return new EventName(req.path().pathParameters().get("eventName"));
    }

    private static EventVersion version(ServerRequest req) {
        String value = req.path().pathParameters().get("version");
        if (!value.matches("[0-9]{1,18}") || Long.parseLong(value) < 1) {
            throw new BadRequest("version must be an integer >= 1");
        }
        return new EventVersion(Long.parseLong(value));
    }

    private static String decode(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("the schema must be UTF-8");
        }
    }
}

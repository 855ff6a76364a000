package io.eventserver.adapters.http.users;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.protocol.BadRequest;
import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.adapters.http.protocol.MethodNotAllowed;
import io.eventserver.adapters.http.protocol.Pages;
import io.eventserver.adapters.http.protocol.Requests;
import io.eventserver.adapters.http.security.Caller;
import io.eventserver.adapters.http.security.RouteAccess;
import io.eventserver.application.port.in.ManageIdsUseCase;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.stream.ProducerId;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Which user owns each producer and consumer id, for admins: {@code GET /api/v1/producers} (and consumers), paged
 * like streams, and {@code PUT /api/v1/producers/{producerId}} with {@code {"user": "bob"}} to reassign one.
 */
public final class IdOwnersHttpService implements HttpService {

    static final String PRODUCERS_PATH = "/api/v1/producers";
    static final String PRODUCER_PATH = "/api/v1/producers/{producerId}";
    static final String CONSUMERS_PATH = "/api/v1/consumers";
    static final String CONSUMER_PATH = "/api/v1/consumers/{consumerId}";

    private static final int MAX_BODY_BYTES = 4096;

    private final ManageIdsUseCase ids;
    private final ObjectMapper mapper = new ObjectMapper();

    public IdOwnersHttpService(ManageIdsUseCase ids) {
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PRODUCERS_PATH, (req, res) -> list(IdKind.PRODUCER, req, res))
                .any(PRODUCERS_PATH, MethodNotAllowed.handler("GET"))
                .put(PRODUCER_PATH, (req, res) -> assign(IdKind.PRODUCER, req, res))
                .any(PRODUCER_PATH, MethodNotAllowed.handler("PUT"))
                .get(CONSUMERS_PATH, (req, res) -> list(IdKind.CONSUMER, req, res))
                .any(CONSUMERS_PATH, MethodNotAllowed.handler("GET"))
                .put(CONSUMER_PATH, (req, res) -> assign(IdKind.CONSUMER, req, res))
                .any(CONSUMER_PATH, MethodNotAllowed.handler("PUT"));
    }

    private void list(IdKind kind, ServerRequest req, ServerResponse res) {
        RouteAccess.requireAdmin(req);
        int limit = Pages.limit(req);
        Optional<String> after = req.query().contains("after")
                ? Optional.of(id(kind, Requests.singleQueryParameter(req, "after")))
                : Optional.empty();
        ManageIdsUseCase.IdPage page = ids.owners(kind, after, limit);
        JsonResponses.sendJson(res, Status.OK_200, UsersJson.owners(kind, page.owners(), page.next()));
    }

    private void assign(IdKind kind, ServerRequest req, ServerResponse res) {
        Caller admin = RouteAccess.requireAdmin(req);
        String id = id(kind, req.path().pathParameters().get(kind == IdKind.PRODUCER ? "producerId" : "consumerId"));
        Requests.requireContentType(req, "application/json");
        Login owner = owner(Requests.body(req, MAX_BODY_BYTES));
        Optional<Login> previous = ids.assign(kind, id, owner, admin.login());
        JsonResponses.sendJson(res, Status.OK_200, UsersJson.assigned(kind, id, owner, previous));
    }

    /** The id, validated by the same rules as its header. */
    private static String id(IdKind kind, String raw) {
        return kind == IdKind.PRODUCER ? new ProducerId(raw).value() : new ConsumerId(raw).value();
    }

    /** The body {@code {"user": "<login>"}}, nothing else. */
    private Login owner(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("the body must be the JSON object {\"user\": \"<login>\"}");
        }
        if (root == null || !root.isObject() || root.size() != 1 || !root.has("user")
                || !root.get("user").isTextual()) {
            throw new BadRequest("the body must be the JSON object {\"user\": \"<login>\"}");
        }
        return new Login(root.get("user").textValue());
    }
}

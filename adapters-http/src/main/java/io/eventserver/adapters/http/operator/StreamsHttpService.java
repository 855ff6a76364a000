package io.eventserver.adapters.http.operator;

import java.util.Locale;
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
import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.application.port.in.InspectStreamsUseCase.ConsumerPage;
import io.eventserver.application.port.in.InspectStreamsUseCase;
import io.eventserver.application.port.in.ManageRetentionUseCase.ChangeRetentionCommand;
import io.eventserver.application.port.in.ManageRetentionUseCase;
import io.eventserver.application.port.in.ResetOffsetUseCase.ResetOffsetCommand;
import io.eventserver.application.port.in.ResetOffsetUseCase;
import io.eventserver.application.port.out.RetentionUnsupported;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.Permissions;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.retention.Retention;
import io.eventserver.domain.stream.StreamName;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Operator endpoints: stream listing and details, consumer lag, and the admin-only offset reset. */
public final class StreamsHttpService implements HttpService {

    static final String STREAMS_PATH = "/api/v1/streams";
    static final String STREAM_PATH = "/api/v1/streams/{streamName}";
    static final String EVENT_NAMES_PATH = "/api/v1/streams/{streamName}/event-names";
    static final String CONSUMERS_PATH = "/api/v1/streams/{streamName}/consumers";
    static final String RETENTION_PATH = "/api/v1/streams/{streamName}/retention";
    static final String OFFSET_PATH = "/api/v1/streams/{streamName}/consumers/{consumerId}/offsets/{eventName}";

    private static final int MAX_OFFSET_BODY_BYTES = 4096;
    private static final int MAX_RETENTION_BODY_BYTES = 4096;

    private final InspectStreamsUseCase inspect;
    private final ResetOffsetUseCase reset;
    private final ManageRetentionUseCase retention;
    private final OperatorJson json;
    private final ObjectMapper mapper = new ObjectMapper();

    public StreamsHttpService(InspectStreamsUseCase inspect, ResetOffsetUseCase reset,
                              ManageRetentionUseCase retention, OperatorJson json) {
        this.inspect = Objects.requireNonNull(inspect, "inspect");
        this.reset = Objects.requireNonNull(reset, "reset");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(STREAMS_PATH, this::list)
                .any(STREAMS_PATH, MethodNotAllowed.handler("GET"))
                .get(STREAM_PATH, this::stream)
                .any(STREAM_PATH, MethodNotAllowed.handler("GET, DELETE"))
                .get(EVENT_NAMES_PATH, this::eventNames)
                .any(EVENT_NAMES_PATH, MethodNotAllowed.handler("GET"))
                .get(CONSUMERS_PATH, this::consumers)
                .any(CONSUMERS_PATH, MethodNotAllowed.handler("GET"))
                .get(RETENTION_PATH, this::retention)
                .put(RETENTION_PATH, this::changeRetention)
                .any(RETENTION_PATH, MethodNotAllowed.handler("GET, PUT"))
                .put(OFFSET_PATH, this::resetOffset)
                .any(OFFSET_PATH, MethodNotAllowed.handler("PUT"));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Permissions permissions = RouteAccess.caller(req).permissions();
        int limit = Pages.limit(req);
        Optional<StreamName> after = req.query().contains("after")
                ? Optional.of(new StreamName(Requests.singleQueryParameter(req, "after")))
                : Optional.empty();
        String filter = req.query().contains("filter")
                ? Requests.singleQueryParameter(req, "filter").toLowerCase(Locale.ROOT)
                : "";
        JsonResponses.sendJson(res, Status.OK_200, json.page(inspect.streams(after, limit,
                name -> permissions.maySee(name.value()) && name.value().toLowerCase(Locale.ROOT).contains(filter))));
    }

    private void stream(ServerRequest req, ServerResponse res) {
        RouteAccess.requireVisible(req, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        StreamSummary summary = inspect.stream(stream);
        Optional<Retention> inForce;
        try {
            inForce = Optional.of(retention.retention(stream));
        } catch (RetentionUnsupported e) {
            inForce = Optional.empty();
        }
        JsonResponses.sendJson(res, Status.OK_200, json.stream(summary, inForce,
                retention.firstSequences(stream, summary.eventCounts().keySet())));
    }

    /** The stream's retention in force: its own, else the defaults (issue 25). */
    private void retention(ServerRequest req, ServerResponse res) {
        RouteAccess.requireVisible(req, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        JsonResponses.sendJson(res, Status.OK_200, json.retention(retention.retention(stream)));
    }

    /**
     * Gives the stream its own retention. Who may (an admin, the owner of the stream's producer id) is decided before
     * the body is read, as on every route.
     */
    private void changeRetention(ServerRequest req, ServerResponse res) {
        Caller caller = RouteAccess.caller(req);
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        retention.requireMayChange(stream, caller.login(), caller.permissions());
        Requests.requireContentType(req, "application/json");
        Retention wanted = RetentionBody.parse(mapper, Requests.body(req, MAX_RETENTION_BODY_BYTES));
        JsonResponses.sendJson(res, Status.OK_200, json.retention(retention.change(
                new ChangeRetentionCommand(stream, wanted, caller.login(), caller.permissions()))));
    }

    /**
     * Every event name of the stream with its number of events, page by page in the order of their bytes:
     * {@code after} (optional) is the previous page's {@code next}, {@code limit} 1..{@code api.max-limit}.
     */
    private void eventNames(ServerRequest req, ServerResponse res) {
        RouteAccess.requireVisible(req, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        Requests.requireUtf8Target(req);
        int limit = Pages.limit(req);
        Optional<EventName> after = req.query().contains("after")
                ? Optional.of(new EventName(Requests.singleQueryParameter(req, "after")))
                : Optional.empty();
        JsonResponses.sendJson(res, Status.OK_200, json.eventNames(inspect.eventNames(stream, after, limit)));
    }

    /**
     * The stream's consumer cursors, page by page: still the JSON array it always was; when more follow, a
     * {@code Link: <…?after=…&limit=…>; rel="next"} header (RFC 8288) names the next page. {@code after} is
     * {@code <event name>/<consumer id>} of the last cursor shown (a consumer id holds no {@code /}).
     */
    private void consumers(ServerRequest req, ServerResponse res) {
        RouteAccess.requireVisible(req, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        Requests.requireUtf8Target(req);
        int limit = Pages.limit(req);
        Optional<ConsumerLag.Position> after = req.query().contains("after")
                ? Optional.of(position(Requests.singleQueryParameter(req, "after")))
                : Optional.empty();
        ConsumerPage page = inspect.consumers(stream, after, limit);
        page.next().ifPresent(next -> Pages.linkNext(req, res, next.eventName().value() + "/"
                + next.consumer().value(), limit));
        JsonResponses.sendJson(res, Status.OK_200, json.consumers(page));
    }

    /** {@code <event name>/<consumer id>}: split at the last slash, since a consumer id holds none. */
    private static ConsumerLag.Position position(String after) {
        int slash = after.lastIndexOf('/');
        if (slash < 0) {
            throw new BadRequest("after must be <event name>/<consumer id>, as the previous page's Link names it");
        }
        return new ConsumerLag.Position(new EventName(after.substring(0, slash)),
                new ConsumerId(after.substring(slash + 1)));
    }

    private void resetOffset(ServerRequest req, ServerResponse res) {
        Login actor = RouteAccess.requireAdmin(req).login();
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        ConsumerId consumer = new ConsumerId(req.path().pathParameters().get("consumerId"));
        Requests.requireUtf8Target(req);
        EventName eventName = new EventName(req.path().pathParameters().get("eventName"));
        Requests.requireContentType(req, "application/json");
        Sequence sequence = sequence(Requests.body(req, MAX_OFFSET_BODY_BYTES));

        var result = reset.reset(new ResetOffsetCommand(stream, consumer, eventName, sequence, actor));
        JsonResponses.sendJson(res, Status.OK_200, json.offset(result));
    }

    /** The body {@code {"sequence": n}} with n an integer >= 0, nothing else. */
    private Sequence sequence(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (java.io.IOException e) {
            throw new BadRequest("the body must be the JSON object {\"sequence\": n}");
        }
        if (root == null || !root.isObject() || root.size() != 1 || !root.has("sequence")) {
            throw new BadRequest("the body must be the JSON object {\"sequence\": n}");
        }
        JsonNode sequence = root.get("sequence");
        if (!sequence.isIntegralNumber() || !sequence.canConvertToLong() || sequence.longValue() < 0) {
            throw new BadRequest("sequence must be an integer >= 0 (0 replays from the first event)");
        }
        return new Sequence(sequence.longValue());
    }
}

package io.eventserver.adapters.http.operator;

import java.util.Objects;

import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.adapters.http.protocol.MethodNotAllowed;
import io.eventserver.adapters.http.protocol.Pages;
import io.eventserver.adapters.http.security.RouteAccess;
import io.eventserver.application.port.in.InspectStreamsUseCase;
import io.eventserver.domain.access.Permissions;
import io.eventserver.domain.stream.StreamName;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * What is moving (ADR 48): a stream's publish and acknowledge rates as this process counted them, and the consumers
 * furthest behind across the streams the caller may see. Read by the console; nothing here changes anything.
 */
public final class ActivityHttpService implements HttpService {

    static final String RATES_PATH = "/api/v1/streams/{streamName}/rates";
    static final String LAGS_PATH = "/api/v1/consumer-lags";

    private final InspectStreamsUseCase inspect;
    private final OperatorJson json;

    public ActivityHttpService(InspectStreamsUseCase inspect, OperatorJson json) {
        this.inspect = Objects.requireNonNull(inspect, "inspect");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(RATES_PATH, this::rates)
                .any(RATES_PATH, MethodNotAllowed.handler("GET"))
                .get(LAGS_PATH, this::largestLags)
                .any(LAGS_PATH, MethodNotAllowed.handler("GET"));
    }

    private void rates(ServerRequest req, ServerResponse res) {
        RouteAccess.requireVisible(req, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        JsonResponses.sendJson(res, Status.OK_200, json.rates(inspect.rates(stream)));
    }

    private void largestLags(ServerRequest req, ServerResponse res) {
        Permissions permissions = RouteAccess.caller(req).permissions();
        // 1..api.max-limit, like every list (issue 29)
        int limit = Pages.limit(req);
        JsonResponses.sendJson(res, Status.OK_200, json.largestLags(inspect.largestLags(limit,
                name -> permissions.maySee(name.value()))));
    }
}

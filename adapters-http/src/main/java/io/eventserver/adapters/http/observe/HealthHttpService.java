package io.eventserver.adapters.http.observe;

import java.util.List;
import java.util.Optional;

import io.eventserver.adapters.http.HealthCheck.Kind;
import io.eventserver.adapters.http.HealthCheck;
import io.eventserver.adapters.http.errors.ErrorWriter;
import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.adapters.http.protocol.JsonText;
import io.eventserver.adapters.http.protocol.MethodNotAllowed;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Health for load balancers and orchestrators: {@code /observe/health} (every check), {@code /observe/health/live},
 * {@code /observe/health/ready} and {@code /observe/health/started} (the checks of one kind), each answering
 * {@code 200 {"status":"UP","checks":[{"name":…,"status":"UP"},…]}} when all pass and {@code 503} with
 * {@code "DOWN"} when one fails ({@code HEAD}: 204 or 503 without a body); one check by name at
 * {@code /observe/health/check/{name}} or {@code /observe/health/{live|ready|started}/{name}}.
 * <p>
 * Written here rather than by Helidon's health observer, whose JSON-P writer (Helidon 4.3) wraps the response in a
 * writer it never flushes when the request's {@code Accept} names a charset — {@code application/json;
 * charset=utf-8}, what clients generated from {@code /openapi} send — so that they got a 200 with an empty body.
 * Here every body goes out whole through {@link JsonResponses}, whatever the {@code Accept}.
 */
public final class HealthHttpService implements HttpService {

    static final String PATH = "/observe/health";

    private final List<HealthCheck> checks;

    public HealthHttpService(List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, (req, res) -> sendAll(res, checks))
                .head(PATH, (req, res) -> sendStatus(res, checks));
        for (Kind kind : Kind.values()) {
            String path = PATH + "/" + kind.segment();
            List<HealthCheck> ofKind = checks.stream().filter(check -> check.kind() == kind).toList();
            rules.get(path, (req, res) -> sendAll(res, ofKind))
                    .head(path, (req, res) -> sendStatus(res, ofKind))
                    .any(path, MethodNotAllowed.handler("GET, HEAD"));
        }
        rules.get(PATH + "/check/{name}", (req, res) -> sendOne(req, res, Optional.empty()))
                .get(PATH + "/{kind}/{name}", (req, res) -> {
                    Optional<Kind> kind = Kind.ofSegment(req.path().pathParameters().get("kind"));
                    if (kind.isEmpty()) {
                        res.next();
                        return;
                    }
                    sendOne(req, res, kind);
                })
                .any(PATH, MethodNotAllowed.handler("GET, HEAD"));
    }

    private static void sendAll(ServerResponse res, List<HealthCheck> checks) {
        List<Boolean> states = checks.stream().map(HealthCheck::passes).toList();
        boolean up = !states.contains(false);
        JsonResponses.sendJson(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, JsonText.write(json -> {
            json.writeStartObject();
            json.writeStringField("status", status(up));
            json.writeArrayFieldStart("checks");
            for (int i = 0; i < checks.size(); i++) {
                json.writeStartObject();
                json.writeStringField("name", checks.get(i).name());
                json.writeStringField("status", status(states.get(i)));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    private static void sendStatus(ServerResponse res, List<HealthCheck> checks) {
        boolean up = checks.stream().allMatch(HealthCheck::passes);
        res.status(up ? Status.NO_CONTENT_204 : Status.SERVICE_UNAVAILABLE_503);
        res.send();
    }

    private void sendOne(ServerRequest req, ServerResponse res, Optional<Kind> kind) {
        String name = req.path().pathParameters().get("name");
        Optional<HealthCheck> check = checks.stream()
                .filter(candidate -> candidate.name().equals(name))
                .filter(candidate -> kind.isEmpty() || candidate.kind() == kind.get())
                .findFirst();
        if (check.isEmpty()) {
            ErrorWriter.send(res, Status.NOT_FOUND_404, "Not Found - no health check named " + name);
            return;
        }
        boolean up = check.get().passes();
        JsonResponses.sendJson(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, JsonText.write(json -> {
            json.writeStartObject();
            json.writeStringField("name", check.get().name());
            json.writeStringField("status", status(up));
            json.writeEndObject();
        }));
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }
}

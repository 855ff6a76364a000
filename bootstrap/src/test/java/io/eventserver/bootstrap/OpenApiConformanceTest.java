package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real responses of every route, successes and errors, validated against the OpenAPI document the server serves at
 * {@code /openapi}, with a maintained OpenAPI validator (Atlassian's swagger-request-validator, ADR 24): a client
 * generated from the document must accept what the server sends. {@code OpenApiDocumentTest} checks that the
 * document lists exactly the routes; this checks what it says about their answers.
 */
class OpenApiConformanceTest {

    private static EventServer server;
    private static HttpTestClient http;
    private static HttpTestClient admin;
    private static HttpTestClient anonymous;
    private static OpenApiInteractionValidator validator;
    private static String served;

    @BeforeAll
    static void start() {
        server = TestServers.start(Map.of("db.url", TestDatabases.create().url(),
                "api.max-limit", "500", "api.max-event-names", "2"));
        http = new HttpTestClient(server.port()).as("alice", "alice-pw");
        admin = new HttpTestClient(server.port()).as("admin", "admin-pw");
        anonymous = new HttpTestClient(server.port());
        served = anonymous.send(anonymous.request("/openapi").GET()).body();
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(served).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRoutesAnswersMatchTheServedDocument() {
        String stream = EndToEndTest.uniqueStream();
        String events = "/api/v1/streams/" + stream + "/events";
        List<String> problems = new ArrayList<>();
        Map<String, Integer> checked = new TreeMap<>();

        // publish: 200, 400, 401, 423
        HttpResponse<String> published = http.publish(stream, "shop", event("OrderPlaced", "{\"n\":1}"));
        assertEquals(200, published.statusCode(), published.body());
        String id = published.body().replace("\"", "");
        check(problems, checked, "POST", events, published);
        check(problems, checked, "POST", events, http.publish(stream, "shop", "{\"event\":{}}"));
        check(problems, checked, "POST", events, anonymous.publish(stream, "shop", event("OrderPlaced", "{}")));
        check(problems, checked, "POST", events, http.publish(stream, "intruder", event("OrderPlaced", "{}")));
        // batches and idempotency keys: 200 (an array; replayed), 400, 422
        String batch = "[" + event("OrderPlaced", "{\"n\":2}") + "," + event("OrderPlaced", "{\"n\":3}") + "]";
        check(problems, checked, "POST", events, keyed(stream, "batch-1", batch));
        check(problems, checked, "POST", events, keyed(stream, "batch-1", batch));
        check(problems, checked, "POST", events, keyed(stream, "batch-1", "[" + event("OrderPlaced", "{}") + "]"));
        check(problems, checked, "POST", events, keyed(stream, "batch-2", "[]"));
        // consume: 200, 400, 404
        check(problems, checked, "GET", events, http.consume(stream, "billing", "OrderPlaced", 10));
        check(problems, checked, "GET", events, http.consume(stream, "billing", "OrderPlaced", 0));
        check(problems, checked, "GET", events, http.send(http.request(events + "?eventName=Nothing&limit=5&wait=1")
                .header("X-Consumer-ID", "billing").GET()));
        check(problems, checked, "GET", events, http.send(http.request(events + "?eventName=Nothing&limit=5&wait=99")
                .header("X-Consumer-ID", "billing").GET()));
        check(problems, checked, "GET", "/api/v1/streams/nothing-here/events",
                http.consume("nothing-here", "billing", "OrderPlaced", 10));
        // acknowledge: 200, 400, 404
        check(problems, checked, "POST", events + "/" + id, http.acknowledge(stream, "billing", id));
        check(problems, checked, "POST", events + "/not-a-uuid", http.acknowledge(stream, "billing", "not-a-uuid"));
        String unknown = UUID.randomUUID().toString();
        check(problems, checked, "POST", events + "/" + unknown, http.acknowledge(stream, "billing", unknown));
        // look-up: 200, 404 (405 answers other methods, which the document cannot describe)
        check(problems, checked, "GET", events + "/" + id, http.send(http.request(events + "/" + id).GET()));
        check(problems, checked, "GET", events + "/" + unknown, http.send(http.request(events + "/" + unknown).GET()));
        // operator views: 200, 400, 404
        check(problems, checked, "GET", "/api/v1/streams", http.send(http.request("/api/v1/streams?limit=1").GET()));
        check(problems, checked, "GET", "/api/v1/streams", http.send(http.request("/api/v1/streams?limit=0").GET()));
        check(problems, checked, "GET", "/api/v1/streams/" + stream,
                http.send(http.request("/api/v1/streams/" + stream).GET()));
        check(problems, checked, "GET", "/api/v1/streams/nothing-here",
                http.send(http.request("/api/v1/streams/nothing-here").GET()));
        check(problems, checked, "GET", "/api/v1/streams/" + stream + "/consumers",
                http.send(http.request("/api/v1/streams/" + stream + "/consumers").GET()));
        // issue 29: event names page by page, consumers with a Link to the next page: 200, 400, 404
        String eventNames = "/api/v1/streams/" + stream + "/event-names";
        http.publish(stream, "shop", event("OrderPaid", "{}"));
        http.acknowledge(stream, "audit", id);
        check(problems, checked, "GET", eventNames, http.send(http.request(eventNames + "?limit=1").GET()));
        check(problems, checked, "GET", eventNames, http.send(http.request(eventNames + "?after=OrderPaid").GET()));
        check(problems, checked, "GET", eventNames, http.send(http.request(eventNames + "?limit=501").GET()));
        check(problems, checked, "GET", "/api/v1/streams/nothing-here/event-names",
                http.send(http.request("/api/v1/streams/nothing-here/event-names").GET()));
        HttpResponse<String> firstConsumer = http.send(http.request("/api/v1/streams/" + stream + "/consumers?limit=1")
                .GET());
        assertTrue(firstConsumer.headers().firstValue("Link").isPresent(), firstConsumer.headers().toString());
        check(problems, checked, "GET", "/api/v1/streams/" + stream + "/consumers", firstConsumer);
        check(problems, checked, "GET", "/api/v1/streams/" + stream + "/consumers",
                http.send(http.request("/api/v1/streams/" + stream + "/consumers?after=bad").GET()));
        check(problems, checked, "GET", "/api/v1/streams/nothing-here/consumers",
                http.send(http.request("/api/v1/streams/nothing-here/consumers").GET()));
        // a stream with as many event names as it may have: 422
        check(problems, checked, "POST", events, http.publish(EndToEndTest.uniqueStream(), "shop", "["
                + event("A", "{}") + "," + event("B", "{}") + "," + event("C", "{}") + "]"));
        // rates and the largest lags: 200, 404, 400
        check(problems, checked, "GET", "/api/v1/streams/" + stream + "/rates",
                http.send(http.request("/api/v1/streams/" + stream + "/rates").GET()));
        check(problems, checked, "GET", "/api/v1/streams/nothing-here/rates",
                http.send(http.request("/api/v1/streams/nothing-here/rates").GET()));
        check(problems, checked, "GET", "/api/v1/consumer-lags",
                http.send(http.request("/api/v1/consumer-lags?limit=10").GET()));
        check(problems, checked, "GET", "/api/v1/consumer-lags",
                http.send(http.request("/api/v1/consumer-lags?limit=0").GET()));
        // bounded by api.max-limit like every list (issue 29)
        HttpResponse<String> tooManyLags = http.send(http.request("/api/v1/consumer-lags?limit=501").GET());
        assertEquals(400, tooManyLags.statusCode(), tooManyLags.body());
        check(problems, checked, "GET", "/api/v1/consumer-lags", tooManyLags);
        // issue 26: schemas (201, 200, 409, 400, 403, 404, 204) and a publish refused by one (422)
        String schemas = "/api/v1/streams/" + stream + "/event-names/OrderPlaced/schemas";
        String schema = "{\"type\":\"object\",\"required\":[\"n\"]}";
        check(problems, checked, "PUT", schemas + "/1", putJson(http, schemas + "/1", schema));
        check(problems, checked, "PUT", schemas + "/1", putJson(http, schemas + "/1", schema));
        check(problems, checked, "PUT", schemas + "/1", putJson(http, schemas + "/1", "{}"));
        check(problems, checked, "PUT", schemas + "/2", putJson(http, schemas + "/2", "{\"type\":1}"));
        check(problems, checked, "PUT", "/api/v1/streams/nothing-here/event-names/X/schemas/1",
                putJson(http, "/api/v1/streams/nothing-here/event-names/X/schemas/1", "{}"));
        check(problems, checked, "GET", schemas, http.send(http.request(schemas).GET()));
        check(problems, checked, "GET", schemas + "/1", http.send(http.request(schemas + "/1").GET()));
        check(problems, checked, "GET", schemas + "/7", http.send(http.request(schemas + "/7").GET()));
        check(problems, checked, "POST", events, http.publish(stream, "shop", event("OrderPlaced", "{}")));
        check(problems, checked, "DELETE", schemas + "/1", http.send(http.request(schemas + "/1").DELETE()));
        check(problems, checked, "DELETE", schemas + "/1", admin.send(admin.request(schemas + "/1").DELETE()));
        // issue 26: finding an event, with a Link to continue from
        String browse = "/api/v1/streams/" + stream + "/event-names/OrderPlaced/events";
        HttpResponse<String> found = http.send(http.request(browse + "?limit=1&since=2000-01-01T00:00:00Z"
                + "&contains=%7B%22payload%22%3A%7B%7D%7D").GET());
        assertTrue(found.headers().firstValue("Link").isPresent(), found.headers().toString());
        check(problems, checked, "GET", browse, found);
        check(problems, checked, "GET", browse, http.send(http.request(browse + "?since=yesterday").GET()));
        // offset reset: 200 (admin), 403, 400, 404
        String offsets = "/api/v1/streams/" + stream + "/consumers/billing/offsets/OrderPlaced";
        check(problems, checked, "PUT", offsets, admin.send(admin.request(offsets).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"sequence\":0}"))));
        check(problems, checked, "PUT", offsets, http.send(http.request(offsets).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"sequence\":0}"))));
        check(problems, checked, "PUT", offsets, admin.send(admin.request(offsets).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"sequence\":99}"))));
        String unknownName = "/api/v1/streams/" + stream + "/consumers/billing/offsets/Nothing";
        check(problems, checked, "PUT", unknownName, admin.send(admin.request(unknownName)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"sequence\":0}"))));
        // issue 24: leased reads, NACK and EXTEND, batch acknowledgements, dead letters, the consumers' leases
        HttpResponse<String> leasedPage = http.send(http.request(events + "?eventName=OrderPlaced&limit=2&lease=60"
                + "&maxDeliveries=1").header("X-Consumer-ID", "leaser").GET());
        assertTrue(leasedPage.body().contains("\"leaseExpiresAt\""), leasedPage.body());
        check(problems, checked, "GET", events, leasedPage);
        check(problems, checked, "GET", events, http.send(http.request(events + "?eventName=OrderPlaced&limit=2"
                + "&lease=0").header("X-Consumer-ID", "leaser").GET()));
        String[] leasedIds = leasedPage.body().split("\"eventId\":\"");
        String firstLeased = leasedIds[1].substring(0, 36);
        String secondLeased = leasedIds[2].substring(0, 36);
        check(problems, checked, "POST", events + "/" + secondLeased, form(events + "/" + secondLeased, "leaser",
                "action=EXTEND&lease=120"));
        check(problems, checked, "POST", events + "/" + firstLeased, form(events + "/" + firstLeased, "leaser",
                "action=NACK"));
        check(problems, checked, "POST", events + "/" + firstLeased, form(events + "/" + firstLeased, "leaser",
                "action=NACK"));
        check(problems, checked, "GET", events, http.send(http.request(events + "?eventName=OrderPlaced&limit=1"
                + "&lease=60&maxDeliveries=1&maxInFlight=5").header("X-Consumer-ID", "leaser").GET()));
        String acknowledgements = "/api/v1/streams/" + stream + "/acknowledgements";
        check(problems, checked, "POST", acknowledgements, batchAck(acknowledgements, "{\"action\":\"EXTEND\","
                + "\"eventIds\":[\"" + secondLeased + "\"],\"lease\":60}"));
        check(problems, checked, "POST", acknowledgements, batchAck(acknowledgements, "{\"action\":\"NACK\","
                + "\"eventIds\":[\"" + firstLeased + "\"]}"));
        check(problems, checked, "POST", acknowledgements, batchAck(acknowledgements, "{\"action\":\"ACK\","
                + "\"eventIds\":[\"" + unknown + "\"]}"));
        check(problems, checked, "POST", acknowledgements, batchAck(acknowledgements, "{\"action\":\"ACK\"}"));
        check(problems, checked, "POST", acknowledgements, batchAck(acknowledgements, "{\"action\":\"ACK\","
                + "\"eventIds\":[\"" + secondLeased + "\"]}"));
        String deadLetters = "/api/v1/streams/" + stream + "/consumers/leaser/dead-letters";
        HttpResponse<String> listed = http.send(http.request(deadLetters + "?eventName=OrderPlaced&limit=1").GET());
        assertTrue(listed.body().contains(firstLeased), listed.body());
        check(problems, checked, "GET", deadLetters, listed);
        check(problems, checked, "GET", deadLetters, http.send(http.request(deadLetters + "?limit=1").GET()));
        check(problems, checked, "GET", "/api/v1/streams/nothing-here/consumers/leaser/dead-letters",
                http.send(http.request("/api/v1/streams/nothing-here/consumers/leaser/dead-letters?eventName=A")
                        .GET()));
        check(problems, checked, "GET", "/api/v1/streams/" + stream + "/consumers",
                http.send(http.request("/api/v1/streams/" + stream + "/consumers").GET()));
        check(problems, checked, "POST", deadLetters + "/" + firstLeased, form(deadLetters + "/" + firstLeased,
                "leaser", "action=RETRY"));
        check(problems, checked, "POST", deadLetters + "/" + firstLeased, form(deadLetters + "/" + firstLeased,
                "leaser", "action=RETRY"));
        check(problems, checked, "POST", deadLetters + "/" + firstLeased, form(deadLetters + "/" + firstLeased,
                "leaser", "action=ACK"));
        http.send(http.request(events + "?eventName=OrderPlaced&limit=1&lease=60&maxDeliveries=1")
                .header("X-Consumer-ID", "leaser").GET());
        form(events + "/" + firstLeased, "leaser", "action=NACK");
        http.send(http.request(events + "?eventName=OrderPlaced&limit=1&lease=60&maxDeliveries=1")
                .header("X-Consumer-ID", "leaser").GET());
        check(problems, checked, "DELETE", deadLetters + "/" + firstLeased,
                http.send(http.request(deadLetters + "/" + firstLeased).DELETE()));
        check(problems, checked, "DELETE", deadLetters + "/" + firstLeased,
                http.send(http.request(deadLetters + "/" + firstLeased).DELETE()));
        HttpTestClient bobLooks = new HttpTestClient(server.port()).as("bob", "bob-pw");
        HttpResponse<String> notHis = bobLooks.send(bobLooks.request(deadLetters + "?eventName=OrderPlaced").GET());
        assertEquals(403, notHis.statusCode(), notHis.body());
        check(problems, checked, "GET", deadLetters, notHis);
        // ids that belong to another user, and grants: 403
        HttpTestClient bob = new HttpTestClient(server.port()).as("bob", "bob-pw");
        check(problems, checked, "POST", events, bob.publish(stream, "shop", event("OrderPlaced", "{}")));
        check(problems, checked, "GET", events, bob.consume(stream, "billing", "OrderPlaced", 10));
        // users: 201, 200, 400, 403, 404, 409, 204
        String login = "conformance-" + UUID.randomUUID().toString().substring(0, 8);
        String user = "/api/v1/users/" + login;
        String document = "{\"password\": \"a-long-password\", \"grants\": [{\"streams\": \"c.*\", "
                + "\"actions\": [\"consume\"]}]}";
        check(problems, checked, "PUT", user, putJson(admin, user, document));
        check(problems, checked, "PUT", user, putJson(admin, user, document));
        check(problems, checked, "PUT", user, putJson(admin, user, "{\"password\": \"short\"}"));
        check(problems, checked, "PUT", user, putJson(http, user, document));
        check(problems, checked, "PUT", "/api/v1/users/alice", putJson(admin, "/api/v1/users/alice", document));
        check(problems, checked, "GET", user, admin.send(admin.request(user).GET()));
        // merge patch: 200, 400, 403, 404, 409
        check(problems, checked, "PATCH", user, patchJson(admin, user, "{\"roles\": [\"admin\"], \"grants\": null}"));
        check(problems, checked, "PATCH", user, patchJson(admin, user, "{\"password\": null}"));
        check(problems, checked, "PATCH", user, patchJson(http, user, "{\"roles\": []}"));
        check(problems, checked, "PATCH", "/api/v1/users/alice", patchJson(admin, "/api/v1/users/alice", "{}"));
        check(problems, checked, "PATCH", "/api/v1/users/nobody-here", patchJson(admin, "/api/v1/users/nobody-here",
                "{}"));
        check(problems, checked, "GET", "/api/v1/users", admin.send(admin.request("/api/v1/users").GET()));
        HttpResponse<String> firstUser = admin.send(admin.request("/api/v1/users?limit=1").GET());
        assertTrue(firstUser.headers().firstValue("Link").isPresent(), firstUser.headers().toString());
        check(problems, checked, "GET", "/api/v1/users", firstUser);
        check(problems, checked, "GET", "/api/v1/users", admin.send(admin.request("/api/v1/users?limit=0").GET()));
        check(problems, checked, "GET", "/api/v1/users", http.send(http.request("/api/v1/users").GET()));
        check(problems, checked, "DELETE", user, admin.send(admin.request(user).DELETE()));
        check(problems, checked, "DELETE", user, admin.send(admin.request(user).DELETE()));
        check(problems, checked, "GET", user, admin.send(admin.request(user).GET()));
        // id owners: 200, 400, 403, 404
        for (String kind : List.of("producers", "consumers")) {
            check(problems, checked, "GET", "/api/v1/" + kind, admin.send(admin.request("/api/v1/" + kind + "?limit=1")
                    .GET()));
            check(problems, checked, "GET", "/api/v1/" + kind, admin.send(admin.request("/api/v1/" + kind
                    + "?limit=0").GET()));
            check(problems, checked, "GET", "/api/v1/" + kind, http.send(http.request("/api/v1/" + kind).GET()));
            String owned = "/api/v1/" + kind + "/" + (kind.equals("producers") ? "shop" : "billing");
            check(problems, checked, "PUT", owned, putJson(admin, owned, "{\"user\": \"alice\"}"));
            check(problems, checked, "PUT", owned, putJson(admin, owned, "{\"user\": \"nobody-here\"}"));
            check(problems, checked, "PUT", owned, putJson(admin, owned, "{}"));
        }
        // observe and the document itself
        for (String path : List.of("/observe/health", "/observe/health/live", "/observe/health/ready", "/openapi")) {
            check(problems, checked, "GET", path, anonymous.send(anonymous.request(path).GET()));
        }
        check(problems, checked, "GET", "/observe/metrics", admin.send(admin.request("/observe/metrics")
                .header("Accept", "text/plain").GET()));
        check(problems, checked, "GET", "/observe/metrics", http.send(http.request("/observe/metrics")
                .header("Accept", "text/plain").GET()));
        check(problems, checked, "GET", "/observe/metrics", anonymous.send(anonymous.request("/observe/metrics").GET()));

        // issue 25: redaction, consumer and stream deletion: 204, 400, 403, 404; a redacted event as every read shows it
        String redactable = events + "/" + id;
        check(problems, checked, "DELETE", redactable, http.send(http.request(redactable).DELETE()));
        check(problems, checked, "DELETE", redactable, admin.send(admin.request(redactable).DELETE()));
        check(problems, checked, "DELETE", events + "/not-a-uuid", admin.send(admin.request(events + "/not-a-uuid")
                .DELETE()));
        check(problems, checked, "DELETE", events + "/" + unknown, admin.send(admin.request(events + "/" + unknown)
                .DELETE()));
        check(problems, checked, "GET", redactable, http.send(http.request(redactable).GET()));
        check(problems, checked, "GET", events, http.consume(stream, "redacted-reader", "OrderPlaced", 10));
        String consumer = "/api/v1/streams/" + stream + "/consumers/billing";
        check(problems, checked, "DELETE", consumer, http.send(http.request(consumer).DELETE()));
        check(problems, checked, "DELETE", consumer, admin.send(admin.request(consumer).DELETE()));
        check(problems, checked, "DELETE", "/api/v1/streams/nothing-here/consumers/billing",
                admin.send(admin.request("/api/v1/streams/nothing-here/consumers/billing").DELETE()));
        String whole = "/api/v1/streams/" + stream;
        check(problems, checked, "DELETE", whole, http.send(http.request(whole).DELETE()));
        check(problems, checked, "DELETE", whole, admin.send(admin.request(whole).DELETE()));
        check(problems, checked, "DELETE", whole, admin.send(admin.request(whole).DELETE()));

        System.out.println("OPENAPI-CONFORMANCE responses checked by method and status: " + checked);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theServedDocumentTellsTheConfiguredLimit() {
        assertTrue(served.contains("\"name\":\"limit\",\"in\":\"query\",\"required\":true,\"schema\":"
                + "{\"type\":\"integer\",\"minimum\":1,\"maximum\":500}"), served);
        for (String path : List.of("/api/v1/streams", "/api/v1/streams/{streamName}/event-names",
                "/api/v1/streams/{streamName}/consumers", "/api/v1/consumer-lags")) {
            JsonNode limit = null;
            for (JsonNode parameter : parsed().path("paths").path(path).path("get").path("parameters")) {
                if (parameter.path("name").asText().equals("limit")) {
                    limit = parameter;
                }
            }
            assertTrue(limit != null, path + " has a limit");
            assertEquals(500, limit.path("schema").path("maximum").asInt(), path + ": " + limit);
        }
    }

    private static JsonNode parsed() {
        try {
            return new ObjectMapper().readTree(served);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> form(String path, String consumer, String form) {
        return http.send(http.request(path).header("X-Consumer-ID", consumer)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static HttpResponse<String> batchAck(String path, String json) {
        return http.send(http.request(path).header("X-Consumer-ID", "leaser").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> keyed(String stream, String key, String body) {
        return http.send(http.request("/api/v1/streams/" + stream + "/events").header("X-Producer-ID", "shop")
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> patchJson(HttpTestClient client, String path, String json) {
        return client.send(client.request(path).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> putJson(HttpTestClient client, String path, String json) {
        return client.send(client.request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static void check(List<String> problems, Map<String, Integer> checked, String method, String path,
                              HttpResponse<String> response) {
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode())
                .withBody(response.body());
        response.headers().map().forEach(answer::withHeader);
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method), answer.build());
        checked.merge(method + " " + response.statusCode(), 1, Integer::sum);
        if (report.hasErrors()) {
            problems.add(method + " " + path + " " + response.statusCode() + " " + response.body() + ": "
                    + report.getMessages());
        }
    }
}

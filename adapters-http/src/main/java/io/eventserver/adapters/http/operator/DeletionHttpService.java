package io.eventserver.adapters.http.operator;

import java.util.Objects;

import io.eventserver.adapters.http.protocol.MethodNotAllowed;
import io.eventserver.adapters.http.protocol.Requests;
import io.eventserver.adapters.http.security.Caller;
import io.eventserver.adapters.http.security.RouteAccess;
import io.eventserver.application.port.in.DeleteConsumerUseCase;
import io.eventserver.application.port.in.DeleteStreamUseCase;
import io.eventserver.application.port.in.RedactEventUseCase;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.stream.StreamName;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The DELETE routes of issue 25: a stream (admin), a consumer (admin, or the user the consumer id belongs to), one
 * event's content (admin; ADR 62, ADR 63). Each answers 204 once the change is committed. Registered before the
 * services that answer the other methods of the same paths (and 405 for the rest).
 */
public final class DeletionHttpService implements HttpService {

    static final String STREAM_PATH = StreamsHttpService.STREAM_PATH;
    static final String CONSUMER_PATH = "/api/v1/streams/{streamName}/consumers/{consumerId}";
    static final String EVENT_PATH = "/api/v1/streams/{streamName}/events/{eventId}";

    private final DeleteStreamUseCase streams;
    private final DeleteConsumerUseCase consumers;
    private final RedactEventUseCase redaction;

    public DeletionHttpService(DeleteStreamUseCase streams, DeleteConsumerUseCase consumers,
                               RedactEventUseCase redaction) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.consumers = Objects.requireNonNull(consumers, "consumers");
        this.redaction = Objects.requireNonNull(redaction, "redaction");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.delete(STREAM_PATH, this::deleteStream)
                .delete(CONSUMER_PATH, this::deleteConsumer)
                .any(CONSUMER_PATH, MethodNotAllowed.handler("DELETE"))
                .delete(EVENT_PATH, this::redact);
    }

    private void deleteStream(ServerRequest req, ServerResponse res) {
        Caller admin = RouteAccess.requireAdmin(req);
        Requests.requireUtf8Target(req);
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        streams.delete(new DeleteStreamUseCase.DeleteStreamCommand(stream, admin.login()));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void deleteConsumer(ServerRequest req, ServerResponse res) {
        String streamName = req.path().pathParameters().get("streamName");
        Caller caller = RouteAccess.caller(req);
        boolean admin = caller.permissions().isAdmin();
        if (!admin) {
            RouteAccess.require(req, Action.CONSUME, streamName);
        }
        Requests.requireUtf8Target(req);
        StreamName stream = new StreamName(streamName);
        ConsumerId consumer = new ConsumerId(req.path().pathParameters().get("consumerId"));
        consumers.delete(new DeleteConsumerUseCase.DeleteConsumerCommand(stream, consumer, caller.login(), admin));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void redact(ServerRequest req, ServerResponse res) {
        Caller admin = RouteAccess.requireAdmin(req);
        Requests.requireUtf8Target(req);
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        EventId event = EventId.parse(req.path().pathParameters().get("eventId"));
        redaction.redact(new RedactEventUseCase.RedactEventCommand(stream, event, admin.login()));
        res.status(Status.NO_CONTENT_204).send();
    }
}

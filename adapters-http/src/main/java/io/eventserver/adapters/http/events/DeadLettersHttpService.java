package io.eventserver.adapters.http.events;

import java.util.Objects;

import io.eventserver.adapters.http.protocol.BadRequest;
import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.adapters.http.protocol.MethodNotAllowed;
import io.eventserver.adapters.http.protocol.Pages;
import io.eventserver.adapters.http.protocol.Requests;
import io.eventserver.adapters.http.security.Caller;
import io.eventserver.adapters.http.security.RouteAccess;
import io.eventserver.application.port.in.DeadLettersUseCase.Asker;
import io.eventserver.application.port.in.DeadLettersUseCase;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A consumer's dead letters (issue 24, ADR 52): listed page by page, sent back with RETRY, dropped with DELETE.
 * Allowed to the user the consumer id belongs to — who must also be allowed to consume the stream, as for reads — and
 * to admins.
 */
public final class DeadLettersHttpService implements HttpService {

    public static final String DEAD_LETTERS_PATH = "/api/v1/streams/{streamName}/consumers/{consumerId}/dead-letters";
    public static final String DEAD_LETTER_PATH =
            "/api/v1/streams/{streamName}/consumers/{consumerId}/dead-letters/{eventId}";

    private final DeadLettersUseCase deadLetters;

    public DeadLettersHttpService(DeadLettersUseCase deadLetters) {
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(DEAD_LETTERS_PATH, this::list)
                .any(DEAD_LETTERS_PATH, MethodNotAllowed.handler("GET"))
                .post(DEAD_LETTER_PATH, this::retry)
                .delete(DEAD_LETTER_PATH, this::delete)
                .any(DEAD_LETTER_PATH, MethodNotAllowed.handler("POST, DELETE"));
    }

    /** The caller: an admin, or one allowed to consume the stream (the consumer id must then be its own). */
    private static Asker asker(ServerRequest req) {
        Caller caller = RouteAccess.caller(req);
        if (caller.permissions().isAdmin()) {
            return new Asker(caller.login(), true);
        }
        return new Asker(RouteAccess.require(req, Action.CONSUME, req.path().pathParameters().get("streamName"))
                .login(), false);
    }

    /** {@code eventName} (required), {@code limit} 1..{@code api.max-limit} (100), {@code after} a sequence (0). */
    private void list(ServerRequest req, ServerResponse res) {
        Asker asker = asker(req);
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        ConsumerId consumer = new ConsumerId(req.path().pathParameters().get("consumerId"));
        Requests.requireUtf8Target(req);
        EventName eventName = new EventName(Requests.singleQueryParameter(req, "eventName"));
        int limit = Pages.limit(req);
        Sequence after = req.query().contains("after")
                ? EventsHttpService.sequenceParameter(Requests.singleQueryParameter(req, "after"), "after")
                : Sequence.ZERO;
        JsonResponses.sendJson(res, Status.OK_200, EventsJson.deadLetters(deadLetters.list(
                new DeadLettersUseCase.DeadLetterQuery(stream, consumer, eventName, after, limit, asker))));
    }

    /** The form body {@code action=RETRY}. */
    private void retry(ServerRequest req, ServerResponse res) {
        DeadLettersUseCase.DeadLetterCommand command = command(req);
        Requests.requireContentType(req, "application/x-www-form-urlencoded");
        Forms.Form form = Forms.parse(Requests.body(req, Forms.MAX_FORM_BYTES));
        String action = form.required("action", "RETRY");
        if (!action.equals("RETRY")) {
            throw new BadRequest("action must be RETRY");
        }
        deadLetters.retry(command);
        JsonResponses.sendString(res, Status.OK_200, "OK");
    }

    private void delete(ServerRequest req, ServerResponse res) {
        deadLetters.delete(command(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private static DeadLettersUseCase.DeadLetterCommand command(ServerRequest req) {
        Asker asker = asker(req);
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        ConsumerId consumer = new ConsumerId(req.path().pathParameters().get("consumerId"));
        EventId event = EventId.parse(req.path().pathParameters().get("eventId"));
        return new DeadLettersUseCase.DeadLetterCommand(stream, consumer, event, asker);
    }
}

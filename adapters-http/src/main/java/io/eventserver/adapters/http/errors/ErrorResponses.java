package io.eventserver.adapters.http.errors;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.eventserver.adapters.http.edge.MalformedBody;
import io.eventserver.adapters.http.observe.RequestId;
import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.application.port.in.ManageUsersUseCase.UserIsReadOnly;
import io.eventserver.application.port.in.ManageUsersUseCase.UserNotFound;
import io.eventserver.application.port.in.ReadEventsUseCase.TooManyWaiting;
import io.eventserver.application.port.out.LeasesUnsupported;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.LoginTaken;
import io.eventserver.domain.access.StreamAccessDenied;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.DeadLetterNotFound;
import io.eventserver.domain.consumer.EventNotLeased;
import io.eventserver.domain.event.EventNameNotFound;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.IdempotencyKeyReused;
import io.eventserver.domain.stream.StreamNotFound;
import io.eventserver.domain.stream.StreamOwnedByAnotherProducer;
import io.eventserver.domain.stream.TooManyEventNames;
import io.helidon.http.BadRequestException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The one place where failures become HTTP answers. Every body is a JSON string that starts with the reference
 * prefix ({@code "Bad Request - …"}, {@code "Not Found - …"}, …). Nothing from a stack trace, SQL or credentials
 * reaches a body: unexpected failures are logged with an incident id and only the id is sent.
 */
public final class ErrorResponses {

    private static final System.Logger LOGGER = System.getLogger(ErrorResponses.class.getName());

    private ErrorResponses() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(InvalidValue.class, (req, res, e) -> send(res, Status.BAD_REQUEST_400,
                        "Bad Request - " + e.getMessage()))
                .error(BadRequest.class, (req, res, e) -> send(res, Status.BAD_REQUEST_400,
                        "Bad Request - " + e.getMessage()))
                .error(LoginTaken.class, (req, res, e) -> send(res, Status.BAD_REQUEST_400,
                        "Bad Request - " + e.getMessage()))
                .error(MalformedBody.class, (req, res, e) -> {
                    // where the body ends is unknown: nothing more can be read from this connection
                    res.header(HeaderValues.CONNECTION_CLOSE);
                    send(res, Status.BAD_REQUEST_400, "Bad Request - " + e.getMessage());
                })
                .error(BadRequestException.class, (req, res, e) -> send(res, Status.BAD_REQUEST_400,
                        "Bad Request - malformed request"))
                .error(PayloadTooLarge.class, (req, res, e) -> {
                    if (e.closeConnection()) {
                        res.header(HeaderValues.CONNECTION_CLOSE);
                    }
                    send(res, Status.REQUEST_ENTITY_TOO_LARGE_413,
                            "Payload Too Large - the body must be at most " + e.limit() + " bytes");
                })
                .error(IdempotencyKeyReused.class, (req, res, e) -> send(res, Status.UNPROCESSABLE_CONTENT_422,
                        "Unprocessable Content - " + e.getMessage()))
                .error(TooManyEventNames.class, (req, res, e) -> send(res, Status.UNPROCESSABLE_CONTENT_422,
                        "Unprocessable Content - " + e.getMessage() + " (api.max-event-names)"))
                .error(TooManyWaiting.class, (req, res, e) -> {
                    res.header(HeaderNames.RETRY_AFTER, "1");
                    send(res, Status.SERVICE_UNAVAILABLE_503, "Service Unavailable - " + e.getMessage());
                })
                .error(TooBusy.class, (req, res, e) -> {
                    res.header(HeaderNames.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
                    send(res, Status.SERVICE_UNAVAILABLE_503, "Service Unavailable - " + e.getMessage());
                })
                .error(StreamOwnedByAnotherProducer.class, (req, res, e) -> send(res, Status.LOCKED_423,
                        "Locked - Second writers not allowed"))
                .error(Forbidden.class, (req, res, e) -> send(res, Status.FORBIDDEN_403, "Forbidden - " + e.getMessage()))
                .error(StreamAccessDenied.class, (req, res, e) -> send(res, Status.FORBIDDEN_403,
                        "Forbidden - " + e.getMessage()))
                .error(IdBelongsToAnotherUser.class, (req, res, e) -> send(res, Status.FORBIDDEN_403,
                        "Forbidden - " + e.getMessage()))
                .error(UserNotFound.class, (req, res, e) -> send(res, Status.NOT_FOUND_404,
                        "Not Found - " + e.getMessage()))
                .error(UserIsReadOnly.class, (req, res, e) -> send(res, Status.CONFLICT_409,
                        "Conflict - " + e.getMessage()))
                .error(EventNotLeased.class, (req, res, e) -> send(res, Status.CONFLICT_409,
                        "Conflict - " + e.getMessage()))
                .error(DeadLetterNotFound.class, (req, res, e) -> send(res, Status.NOT_FOUND_404,
                        "Not Found - " + e.getMessage()))
                .error(LeasesUnsupported.class, (req, res, e) -> send(res, Status.NOT_IMPLEMENTED_501,
                        "Not Implemented - " + e.getMessage()))
                .error(EventNameNotFound.class, (req, res, e) -> send(res, Status.NOT_FOUND_404,
                        "Not Found - " + e.getMessage()))
                .error(StreamNotFound.class, (req, res, e) -> send(res, Status.NOT_FOUND_404,
                        "Not Found - stream " + e.stream() + " does not exist"))
                .error(EventNotFound.class, (req, res, e) -> send(res, Status.NOT_FOUND_404,
                        "Not Found - " + e.getMessage()))
                .error(NotFoundException.class, (req, res, e) -> send(res, Status.NOT_FOUND_404, "Not Found"))
                .error(MethodNotAllowed.class, (req, res, e) -> {
                    res.header(HeaderNames.ALLOW, e.allowed());
                    send(res, Status.METHOD_NOT_ALLOWED_405, "Method Not Allowed");
                })
                .error(StoreUnavailable.class, (req, res, e) -> {
                    LOGGER.log(System.Logger.Level.WARNING, "request " + RequestId.current(req).value()
                            + ": database unavailable: " + e.getCause());
                    res.header(HeaderNames.RETRY_AFTER, "1");
                    send(res, Status.SERVICE_UNAVAILABLE_503, "Service Unavailable - database unavailable");
                })
                .error(HttpException.class, (req, res, e) -> {
                    if (e.status().code() >= 500) {
                        incident(req, res, e);
                    } else {
                        send(res, e.status(), e.status().reasonPhrase());
                    }
                })
                .error(Throwable.class, ErrorResponses::incident);
    }

    /** Logs the failure under the request id and answers 500 with that id only. */
    private static void incident(ServerRequest req, ServerResponse res, Throwable e) {
        String incident = RequestId.current(req).value();
        // the route template, not the raw path: a client-chosen path must not be able to forge log lines
        LOGGER.log(System.Logger.Level.ERROR, "incident " + incident + " on " + req.prologue().method().text() + " "
                + req.matchingPattern().orElse("unmatched"), e);
        send(res, Status.INTERNAL_SERVER_ERROR_500, "Internal Server Error - " + incident);
    }

    /**
     * Answers for requests that fail before routing (malformed request line or headers, headers too large):
     * the same JSON body format, without echoing anything the client sent.
     */
    public static DirectHandlers directHandlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, new JsonDirectHandler());
        }
        return builder.build();
    }

    private static final class JsonDirectHandler implements DirectHandler {

        /** Routing-level failures that no error handler took. */
        @Override
        public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                        ServerResponseHeaders headers, Throwable thrown, System.Logger logger) {
            Status answer = status.code() >= 500 && causedByIllegalArgument(thrown) ? Status.BAD_REQUEST_400 : status;
            return respond(answer, headers);
        }

        /**
         * Connection-level failures, before routing: the request could not be read. Helidon 4.3 reports some
         * unreadable request lines (a method token with non-ASCII bytes) as an internal error; nothing of ours has
         * run yet, it is the client's request that is broken, and a 5xx would wrongly page whoever watches 5xx
         * rates. Helidon still logs such failures with their stack trace.
         */
        @Override
        public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                        ServerResponseHeaders headers, String message) {
            return respond(eventType == EventType.INTERNAL_ERROR ? Status.BAD_REQUEST_400 : status, headers);
        }

        private static TransportResponse respond(Status status, ServerResponseHeaders headers) {
            headers.set(HeaderNames.CONTENT_TYPE, JsonResponses.CONTENT_TYPE);
            String text = switch (status.code()) {
                case 400 -> "Bad Request - malformed HTTP request";
                case 413 -> "Payload Too Large - the request is too large";
                case 503 -> "Service Unavailable - too many concurrent requests";
                case 500 -> "Internal Server Error - " + UUID.randomUUID();
                default -> status.reasonPhrase();
            };
            return TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .entity(JsonResponses.quote(text).getBytes(StandardCharsets.UTF_8))
                    .build();
        }

        private static boolean causedByIllegalArgument(Throwable thrown) {
            for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    return true;
                }
            }
            return false;
        }
    }

    private static void send(ServerResponse res, Status status, String message) {
        JsonResponses.sendString(res, status, message);
    }
}

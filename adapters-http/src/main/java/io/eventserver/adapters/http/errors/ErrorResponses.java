package io.eventserver.adapters.http.errors;

import java.util.UUID;

import io.eventserver.adapters.http.protocol.BadRequest;
import io.eventserver.adapters.http.protocol.Forbidden;
import io.eventserver.adapters.http.protocol.MethodNotAllowed;
import io.eventserver.adapters.http.protocol.PayloadTooLarge;
import io.eventserver.adapters.http.protocol.RequestId;
import io.eventserver.adapters.http.protocol.TooBusy;
import io.eventserver.application.port.in.ManageUsersUseCase.UserIsReadOnly;
import io.eventserver.application.port.in.ManageUsersUseCase.UserNotFound;
import io.eventserver.application.port.in.ReadEventsUseCase.TooManyWaiting;
import io.eventserver.application.port.out.LeasesUnsupported;
import io.eventserver.application.port.out.RetentionUnsupported;
import io.eventserver.application.port.out.StoreUnavailable;
import io.eventserver.application.port.out.StreamDeletedConcurrently;
import io.eventserver.domain.access.IdBelongsToAnotherUser;
import io.eventserver.domain.access.LoginTaken;
import io.eventserver.domain.access.StreamAccessDenied;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.DeadLetterNotFound;
import io.eventserver.domain.consumer.EventNotLeased;
import io.eventserver.domain.event.EventNameNotFound;
import io.eventserver.domain.event.EventNotFound;
import io.eventserver.domain.event.IdempotencyKeyReused;
import io.eventserver.domain.event.UnexpectedLastSequence;
import io.eventserver.domain.retention.RetentionChangeDenied;
import io.eventserver.domain.schema.PayloadRejected;
import io.eventserver.domain.schema.SchemaChangeDenied;
import io.eventserver.domain.schema.SchemaNotFound;
import io.eventserver.domain.schema.SchemaVersionExists;
import io.eventserver.domain.stream.StreamNotFound;
import io.eventserver.domain.stream.StreamOwnedByAnotherProducer;
import io.eventserver.domain.stream.TooManyEventNames;
import io.helidon.http.BadRequestException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
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
import io.helidon.webserver.http1.Http1Config;

/**
 * The one place where failures become HTTP answers (each written by {@link ErrorWriter}). Every body is a JSON string that starts with the reference
 * prefix ({@code "Bad Request - …"}, {@code "Not Found - …"}, …). Nothing from a stack trace, SQL or credentials
 * reaches a body: unexpected failures are logged with an incident id and only the id is sent.
 */
public final class ErrorResponses {

    private static final System.Logger LOGGER = System.getLogger(ErrorResponses.class.getName());
    private static final HeaderName LAST_SEQUENCE = HeaderNames.create("X-Last-Sequence");

    private ErrorResponses() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(InvalidValue.class, (req, res, e) -> send(res, Status.BAD_REQUEST_400,
                        "Bad Request - " + e.getMessage()))
                .error(BadRequest.class, (req, res, e) -> {
                    if (e.closeConnection()) {
                        res.header(HeaderValues.CONNECTION_CLOSE);
                    }
                    send(res, Status.BAD_REQUEST_400, "Bad Request - " + e.getMessage());
                })
                .error(LoginTaken.class, (req, res, e) -> send(res, Status.BAD_REQUEST_400,
                        "Bad Request - " + e.getMessage()))
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
                .error(UnexpectedLastSequence.class, (req, res, e) -> {
                    // ADR 64: the last sequence in a header too, for a client that retries with it
                    res.header(LAST_SEQUENCE, Long.toString(e.last().value()));
                    send(res, Status.CONFLICT_409, "Conflict - " + e.getMessage());
                })
                .error(PayloadRejected.class, (req, res, e) -> send(res, Status.UNPROCESSABLE_CONTENT_422,
                        "Unprocessable Content - " + e.getMessage()))
                .error(SchemaVersionExists.class, (req, res, e) -> send(res, Status.CONFLICT_409,
                        "Conflict - " + e.getMessage()))
                .error(SchemaNotFound.class, (req, res, e) -> send(res, Status.NOT_FOUND_404,
                        "Not Found - " + e.getMessage()))
                .error(SchemaChangeDenied.class, (req, res, e) -> send(res, Status.FORBIDDEN_403,
                        "Forbidden - " + e.getMessage()))
                .error(TooManyEventNames.class, (req, res, e) -> send(res, Status.UNPROCESSABLE_CONTENT_422,
                        "Unprocessable Content - " + e.getMessage() + " (api.max-event-names)"))
                .error(TooManyWaiting.class, (req, res, e) -> ErrorWriter.send(res, Status.SERVICE_UNAVAILABLE_503,
                        "Service Unavailable - " + e.getMessage(), 1))
                .error(TooBusy.class, (req, res, e) -> ErrorWriter.send(res, Status.SERVICE_UNAVAILABLE_503,
                        "Service Unavailable - " + e.getMessage(), e.retryAfterSeconds()))
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
                .error(RetentionUnsupported.class, (req, res, e) -> send(res, Status.NOT_IMPLEMENTED_501,
                        "Not Implemented - " + e.getMessage()))
                .error(RetentionChangeDenied.class, (req, res, e) -> send(res, Status.FORBIDDEN_403,
                        "Forbidden - " + e.getMessage()))
                .error(EventNameNotFound.class, (req, res, e) -> send(res, Status.NOT_FOUND_404,
                        "Not Found - " + e.getMessage()))
                .error(StreamNotFound.class, (req, res, e) -> send(res, Status.NOT_FOUND_404,
                        "Not Found - stream " + e.stream() + " does not exist"))
                .error(StreamDeletedConcurrently.class, (req, res, e) -> send(res, Status.NOT_FOUND_404,
                        "Not Found - the stream was deleted meanwhile"))
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
                    ErrorWriter.send(res, Status.SERVICE_UNAVAILABLE_503, "Service Unavailable - database unavailable", 1);
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
     * Answers for requests that fail before routing (malformed request line or headers, headers too large, a
     * framing refusal of the edge): the same JSON body format, without echoing anything the client sent. Helidon
     * must hand over its messages ({@code server.error-handling.include-entity}) for the edge's own texts to pass.
     */
    public static DirectHandlers directHandlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, new JsonDirectHandler());
        }
        return builder.build();
    }

    private static final class JsonDirectHandler implements DirectHandler {

        /** The longest head Helidon reads: its request line and header limits with their line ends. */
        private static final int MAX_HEAD = Http1Config.create().maxPrologueLength()
                + Http1Config.create().maxHeadersSize() + 4;

        /** Routing-level failures that no error handler took. */
        @Override
        public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                        ServerResponseHeaders headers, Throwable thrown, System.Logger logger) {
            Status answer = status.code() >= 500 && causedByIllegalArgument(thrown) ? Status.BAD_REQUEST_400 : status;
            return ErrorWriter.direct(answer, headers, text(answer, null));
        }

        /**
         * Connection-level failures, before routing: the request could not be read, or the edge refused it (its
         * message is then the whole answer). Helidon 4.3 reports some unreadable request lines (a method token with
         * non-ASCII bytes) as an internal error; nothing of ours has run yet, it is the client's request that is
         * broken, and a 5xx would wrongly page whoever watches 5xx rates. Helidon still logs such failures with
         * their stack trace.
         */
        @Override
        public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                        ServerResponseHeaders headers, String message) {
            Status answer = eventType == EventType.INTERNAL_ERROR ? Status.BAD_REQUEST_400 : status;
            if (message != null && message.startsWith("Header size exceeded")) {
                answer = Status.create(431, "Request Header Fields Too Large");
            }
            return ErrorWriter.direct(answer, headers, text(answer, message));
        }

        /**
         * The answer's text: the edge's own (it starts with the reason phrase), one of ours for the head errors
         * Helidon's parser reports (named by its messages; an unknown one gets the general text), or the general
         * text of the status.
         */
        private static String text(Status status, String message) {
            String prefix = status.reasonPhrase() + " - ";
            if (message != null && message.startsWith(prefix)) {
                return message;
            }
            String helidon = message == null ? "" : message;
            if (status.code() == 431) {
                return prefix + "the request head must be at most " + MAX_HEAD + " bytes";
            } else if (helidon.startsWith("Token contains whitespace character at position 0\n")) {
                return prefix + "obsolete line folding is not allowed";
            } else if (helidon.startsWith("Token contains whitespace character")) {
                return prefix + "no whitespace is allowed in or after a header field name";
            } else if (helidon.contains("without preceding CR") || helidon.contains("Found CR (")) {
                return prefix + "a line of the request head does not end with CRLF";
            } else if (helidon.startsWith("Invalid header, missing colon")) {
                return prefix + "malformed header field";
            }
            return switch (status.code()) {
                case 400 -> "Bad Request - malformed HTTP request";
                case 413 -> "Payload Too Large - the request is too large";
                case 503 -> "Service Unavailable - too many concurrent requests";
                case 500 -> "Internal Server Error - " + UUID.randomUUID();
                default -> status.reasonPhrase();
            };
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
        ErrorWriter.send(res, status, message);
    }
}

package io.eventserver.client;

/**
 * An answer of the server that is not a success, or no answer at all. The subclasses name the statuses a program
 * reacts to; {@link #status()} is the HTTP status (0 when the server could not be reached), {@link #getMessage()}
 * the server's error text (e.g. {@code "Locked - Second writers not allowed"}).
 */
public class EventServerException extends RuntimeException {

    private final int status;

    public EventServerException(int status, String message) {
        super(message);
        this.status = status;
    }

    public EventServerException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The exception for an answer with this status and error text. */
    static EventServerException of(int status, String message) {
        return switch (status) {
            case 400 -> new BadRequestException(message);
            case 401 -> new UnauthorizedException(message);
            case 403 -> new ForbiddenException(message);
            case 404 -> new NotFoundException(message);
            case 409 -> new ConflictException(message);
            case 413 -> new PayloadTooLargeException(message);
            case 423 -> new StreamLockedException(message);
            case 429 -> new TooManyRequestsException(message);
            case 503 -> new ServiceUnavailableException(message);
            default -> new EventServerException(status, message);
        };
    }
}

package planted.application.port.out;

/** A type of an out-port, which an in-port must not show to its callers. */
public record StoredRow(long id) {
}

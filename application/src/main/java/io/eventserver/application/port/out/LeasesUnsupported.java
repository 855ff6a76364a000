package io.eventserver.application.port.out;

/** The storage engine cannot lease events (yet): nothing was read or changed. */
public final class LeasesUnsupported extends RuntimeException {

    public LeasesUnsupported(String engine) {
        super("leased reads, NACK, EXTEND and dead letters are not available on " + engine + " yet", null, false,
                false);
    }
}

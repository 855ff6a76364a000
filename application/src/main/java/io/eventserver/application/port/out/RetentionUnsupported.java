package io.eventserver.application.port.out;

/** The storage engine has no retention (yet): nothing was read or changed. */
public final class RetentionUnsupported extends RuntimeException {

    public RetentionUnsupported(String engine) {
        super("retention is not available on " + engine + " yet", null, false, false);
    }
}

package io.eventserver.application.service;

import io.eventserver.domain.access.Login;

/**
 * The audit log (logger {@code eventserver.audit}): one line per change an operator made to what is stored, naming
 * the user. Lines read "{@code <what> by <user>: <details>}".
 */
final class Audit {

    private static final System.Logger AUDIT = System.getLogger("eventserver.audit");

    private Audit() {
    }

    static void log(String what, Login user, String details) {
        AUDIT.log(System.Logger.Level.INFO, what + " by " + user + ": " + details);
    }
}

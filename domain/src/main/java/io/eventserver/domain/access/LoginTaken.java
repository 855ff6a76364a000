package io.eventserver.domain.access;

/** A new login differs only in the case of its letters from an existing user's: logins are unique regardless of it. */
public final class LoginTaken extends RuntimeException {

    public LoginTaken(Login login, Login existing) {
        super("login " + login + " differs only in case from the existing user " + existing
                + " (logins are unique regardless of case)", null, false, false);
    }
}

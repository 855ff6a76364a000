package io.eventserver.domain.access;

import java.util.regex.Pattern;

import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.common.Text;

/**
 * A user's login. Two rules (ADR 43): a login the server may hold — 1–255 characters of {@code [A-Za-z0-9._:@-]},
 * which every login stored by an earlier version satisfies, so such a user can still be found, listed and deleted —
 * and the stricter rule every login must follow to be created ({@link #forNewUser}): 1–64 characters of
 * {@code [A-Za-z0-9._@-]}, not starting with a dot. No colon, since HTTP Basic splits the credentials at the first
 * colon (such a user could never log in); no leading dot, so that no login is {@code .} or {@code ..}, which a path
 * cannot name.
 */
public record Login(String value) {

    /** The rule of {@link #forNewUser}, in the words of the 400 answer. */
    public static final String NEW_LOGIN_RULE = "1-64 characters of [A-Za-z0-9._@-], not starting with a dot";

    private static final Pattern NEW_LOGIN = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,63}");

    public Login {
        Text.requireIdentifier(value, "login");
    }

    /** @throws InvalidValue unless {@code value} follows the rule of new logins */
    public static Login forNewUser(String value) {
        Text.requireMatch(value, "login", NEW_LOGIN, NEW_LOGIN_RULE);
        return new Login(value);
    }

    /** Whether the two are the same login but for the case of their letters (logins are unique regardless of it). */
    public boolean differsOnlyInCaseFrom(Login other) {
        return !value.equals(other.value) && value.equalsIgnoreCase(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

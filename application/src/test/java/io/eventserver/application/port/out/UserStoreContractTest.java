package io.eventserver.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.eventserver.application.Eventually;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.StreamPattern;
import io.eventserver.domain.access.UserAccount;
import org.junit.jupiter.api.Test;

/** What every {@link UserStore} must do. An adapter proves itself by extending this class. */
public abstract class UserStoreContractTest {

    private static final String HASH = "$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$"
            + "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";

    /** The engine under test: the stores of one database or cluster, opened once for the test class. */
    protected abstract StorageEngine storage();

    private UserStore users() {
        return storage().userStore();
    }

    private static Login uniqueLogin() {
        return new Login("user-" + UUID.randomUUID());
    }

    @Test
    void aSavedUserIsFoundAgainWithItsRolesAndGrants() {
        UserAccount user = new UserAccount(uniqueLogin(), HASH, Set.of("admin"), Optional.of(List.of(
                new Grant(new StreamPattern("orders.*"), EnumSet.of(Action.PUBLISH, Action.CONSUME)),
                new Grant(new StreamPattern("audit"), EnumSet.of(Action.CONSUME)))));

        assertTrue(users().save(user), "created");

        assertEquals(Optional.of(user), users().find(user.login()));
        assertTrue(users().list().contains(user));
    }

    @Test
    void aUserWithoutGrantsOfItsOwnStaysSo() {
        UserAccount user = new UserAccount(uniqueLogin(), HASH, Set.of(), Optional.empty());
        users().save(user);

        assertEquals(Optional.empty(), users().find(user.login()).orElseThrow().grants());
    }

    @Test
    void savingAgainReplacesTheUser() {
        Login login = uniqueLogin();
        users().save(new UserAccount(login, HASH, Set.of("admin"), Optional.empty()));
        UserAccount replaced = new UserAccount(login, HASH.replace('c', 'd'), Set.of(), Optional.of(List.of()));

        assertFalse(users().save(replaced), "replaced, not created");

        assertEquals(Optional.of(replaced), users().find(login));
    }

    @Test
    void aDeletedUserIsGone() {
        Login login = uniqueLogin();
        users().save(new UserAccount(login, HASH, Set.of(), Optional.empty()));

        assertTrue(users().delete(login));

        assertEquals(Optional.empty(), users().find(login));
        assertFalse(users().delete(login), "nothing left to delete");
    }

    @Test
    void listenersHearOfEverySaveAndDelete() throws InterruptedException {
        LinkedBlockingQueue<Optional<Login>> heard = new LinkedBlockingQueue<>();
        users().onChange(login -> heard.add(Optional.ofNullable(login)));
        Login login = uniqueLogin();

        users().save(new UserAccount(login, HASH, Set.of(), Optional.empty()));
        assertEquals(Optional.of(login), next(heard, login));
        users().delete(login);
        assertEquals(Optional.of(login), next(heard, login));
    }

    /** The next notification about {@code login} (others' tests may change other users meanwhile). */
    private static Optional<Login> next(LinkedBlockingQueue<Optional<Login>> heard, Login login)
            throws InterruptedException {
        long deadline = System.nanoTime() + Eventually.GENEROUS.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Login> one = heard.poll(100, TimeUnit.MILLISECONDS);
            if (one != null && (one.isEmpty() || one.get().equals(login))) {
                return one;
            }
        }
        return null;
    }
}

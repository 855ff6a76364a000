package io.eventserver.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.eventserver.application.Eventually;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.LoginTaken;
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
        assertTrue(users().list(Optional.of(new Login(user.login().value().substring(0,
                user.login().value().length() - 1))), 10).contains(user));
    }

    /**
     * Issue 29: users come in pages, in login order — the order of the bytes, where an upper-case letter comes before
     * every lower-case one (logins equal but for case cannot both exist, ADR 43).
     */
    @Test
    void usersArePagedInLoginOrder() {
        String prefix = "page-" + UUID.randomUUID() + "-";
        for (String suffix : List.of("c", "B", "d", "a")) {
            users().save(new UserAccount(new Login(prefix + suffix), HASH, Set.of(), Optional.empty()));
        }

        List<UserAccount> first = users().list(Optional.of(new Login(prefix.substring(0, prefix.length() - 1))), 2);
        List<UserAccount> second = users().list(Optional.of(first.getLast().login()), 2);

        assertEquals(List.of(prefix + "B", prefix + "a"), first.stream().map(u -> u.login().value()).toList());
        assertEquals(List.of(prefix + "c", prefix + "d"), second.stream().map(u -> u.login().value()).toList());
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
    void aLoginThatDiffersOnlyInCaseFromAStoredOneIsRefused() {
        Login login = new Login("Case-" + UUID.randomUUID());
        users().save(new UserAccount(login, HASH, Set.of(), Optional.empty()));
        Login lower = new Login(login.value().toLowerCase(java.util.Locale.ROOT));

        LoginTaken refused = assertThrows(LoginTaken.class,
                () -> users().save(new UserAccount(lower, HASH, Set.of("admin"), Optional.empty())));

        assertTrue(refused.getMessage().contains(login.value()), refused.getMessage());
        assertEquals(Optional.empty(), users().find(lower));
        assertFalse(users().save(new UserAccount(login, HASH, Set.of(), Optional.empty())), "the same login replaces");
    }

    @Test
    void ofUsersSavedAtOnceWithLoginsEqualButForCaseAtMostOneIsStored() throws Exception {
        for (int round = 0; round < 5; round++) {
            String base = "race-" + UUID.randomUUID();
            List<Login> logins = List.of(new Login(base), new Login(base.toUpperCase(java.util.Locale.ROOT)),
                    new Login("R" + base.substring(1)), new Login("rA" + base.substring(2)));
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> saves = new java.util.ArrayList<>();
            try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
                    .newVirtualThreadPerTaskExecutor()) {
                for (Login login : logins) {
                    saves.add(pool.submit(() -> {
                        go.await();
                        try {
                            return users().save(new UserAccount(login, HASH, Set.of(), Optional.empty()));
                        } catch (LoginTaken taken) {
                            return false;
                        }
                    }));
                }
                go.countDown();
                long stored = 0;
                for (java.util.concurrent.Future<Boolean> save : saves) {
                    stored += save.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, stored, "round " + round);
            }
            assertEquals(1, logins.stream().filter(login -> users().find(login).isPresent()).count(),
                    "round " + round);
        }
    }

    @Test
    void anUpdateChangesOnlyWhatItChanges() {
        Login login = uniqueLogin();
        users().save(new UserAccount(login, HASH, Set.of("admin"), Optional.empty()));
        List<Grant> grants = List.of(new Grant(new StreamPattern("orders.*"), EnumSet.of(Action.CONSUME)));

        Optional<UserAccount> changed = users().update(login,
                user -> new UserAccount(user.login(), user.passwordHash(), user.roles(), Optional.of(grants)));

        UserAccount expected = new UserAccount(login, HASH, Set.of("admin"), Optional.of(grants));
        assertEquals(Optional.of(expected), changed);
        assertEquals(Optional.of(expected), users().find(login));
    }

    @Test
    void anUpdateOfAnUnknownUserCreatesNothing() {
        Login login = uniqueLogin();

        assertEquals(Optional.empty(), users().update(login, user -> user));

        assertEquals(Optional.empty(), users().find(login));
    }

    @Test
    void anUpdateThatFailsChangesNothing() {
        Login login = uniqueLogin();
        UserAccount user = new UserAccount(login, HASH, Set.of(), Optional.empty());
        users().save(user);

        assertThrows(IllegalStateException.class, () -> users().update(login, stored -> {
            throw new IllegalStateException("refused");
        }));

        assertEquals(Optional.of(user), users().find(login));
    }

    /** Each racing update adds one grant to what it read: none may be lost, as it would be with read-then-save. */
    @Test
    void racingUpdatesOfOneUserLoseNone() throws Exception {
        Login login = uniqueLogin();
        users().save(new UserAccount(login, HASH, Set.of(), Optional.of(List.of())));
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String stream = "racer-" + i;
                done.add(pool.submit(() -> {
                    start.await();
                    return users().update(login, user -> {
                        List<Grant> grants = new ArrayList<>(user.grants().orElseThrow());
                        grants.add(new Grant(new StreamPattern(stream), EnumSet.of(Action.PUBLISH)));
                        return new UserAccount(user.login(), user.passwordHash(), user.roles(), Optional.of(grants));
                    });
                }));
            }
            start.countDown();
            for (Future<?> each : done) {
                each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(racers, users().find(login).orElseThrow().grants().orElseThrow().size());
    }

    @Test
    void listenersHearOfEverySaveAndDelete() throws InterruptedException {
        LinkedBlockingQueue<Optional<Login>> heard = new LinkedBlockingQueue<>();
        users().onChange(login -> heard.add(Optional.ofNullable(login)));
        Login login = uniqueLogin();

        users().save(new UserAccount(login, HASH, Set.of(), Optional.empty()));
        assertEquals(Optional.of(login), next(heard, login));
        users().update(login, user -> user);
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

package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.eventserver.application.model.AuthenticatedUser;
import io.eventserver.application.model.UserView;
import io.eventserver.application.port.in.ManageUsersUseCase;
import io.eventserver.application.port.in.ManageUsersUseCase.PatchUserCommand;
import io.eventserver.application.port.in.ManageUsersUseCase.PutUserCommand;
import io.eventserver.application.port.in.ManageUsersUseCase.UserIsReadOnly;
import io.eventserver.application.port.in.ManageUsersUseCase.UserNotFound;
import io.eventserver.application.port.out.UserStore;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.LoginTaken;
import io.eventserver.domain.access.StreamPattern;
import io.eventserver.domain.access.UserAccount;
import io.eventserver.domain.common.InvalidValue;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class UsersServiceTest {

    private static final Login ALICE = new Login("alice");
    private static final Login ADMIN = new Login("admin");
    private static final Grant ORDERS = new Grant(new StreamPattern("orders.*"), EnumSet.of(Action.PUBLISH));

    private final UserStore store = mock(UserStore.class);
    private final PasswordHashes hashes = new PasswordHashes(1000);
    private final UsersService users = new UsersService(List.of(
            new UserAccount(ALICE, PasswordHashes.plain("alice-pw".toCharArray()), Set.of("admin"), Optional.empty()),
            new UserAccount(new Login("bob"), PasswordHashes.plain(new char[0]), Set.of(), Optional.of(List.of()))),
            store, hashes, List.of(Grant.EVERYTHING));

    @Test
    void aPasswordIsCheckedAgainstItsUserOnly() {
        assertTrue(users.authenticate("alice", "alice-pw".toCharArray()).isPresent());
        assertEquals(Set.of("admin"), users.authenticate("alice", "alice-pw".toCharArray()).orElseThrow()
                .permissions().roles());
        assertFalse(users.authenticate("alice", "alice-pw ".toCharArray()).isPresent());
        assertFalse(users.authenticate("alice", "".toCharArray()).isPresent());
        assertTrue(users.authenticate("bob", "".toCharArray()).isPresent());
        when(store.find(any())).thenReturn(Optional.empty());
        for (String password : List.of("", "\0", "alice-pw", "x")) {
            assertFalse(users.authenticate("mallory", password.toCharArray()).isPresent(),
                    "an unknown login never matches");
            assertFalse(users.authenticate("not a login", password.toCharArray()).isPresent());
        }
    }

    @Test
    void theAuditLogWritesRolesAndGrantsAsTheApiWritesThem() {
        when(store.save(any())).thenReturn(true, false);
        List<String> lines = AuditLines.during(() -> {
            users.put(new PutUserCommand(new Login("carol"), "carol-password".toCharArray(), Set.of("admin"),
                    Optional.of(List.of(new Grant(new StreamPattern("orders.*"), EnumSet.of(Action.CONSUME)),
                            Grant.EVERYTHING)), ADMIN));
            users.put(new PutUserCommand(new Login("carol"), "carol-password".toCharArray(), Set.of(),
                    Optional.empty(), ADMIN));
        });

        assertEquals(List.of("user carol created by admin: roles [\"admin\"], grants "
                        + "[{\"streams\":\"orders.*\",\"actions\":[\"consume\"]},"
                        + "{\"streams\":\"*\",\"actions\":[\"publish\",\"consume\"]}]",
                "user carol replaced by admin: roles [], grants default"), lines);
    }

    @Test
    void aUserWithoutGrantsOfItsOwnGetsTheDefaultOnes() {
        AuthenticatedUser alice = users.authenticate("alice", "alice-pw".toCharArray()).orElseThrow();
        AuthenticatedUser bob = users.authenticate("bob", "".toCharArray()).orElseThrow();

        assertTrue(alice.permissions().allows(Action.PUBLISH, "anything"));
        assertFalse(bob.permissions().allows(Action.CONSUME, "anything"), "bob's own grants: none at all");
        UsersService lockedDown = new UsersService(List.of(new UserAccount(ALICE,
                PasswordHashes.plain("alice-pw".toCharArray()), Set.of(), Optional.empty())), store, hashes, List.of());
        assertFalse(lockedDown.authenticate("alice", "alice-pw".toCharArray()).orElseThrow().permissions()
                .allows(Action.PUBLISH, "anything"), "security.default-grants: none");
    }

    @Test
    void storedUsersAreKeptAsSlowHashesAndAuthenticate() {
        when(store.save(any())).thenReturn(true);

        assertTrue(users.put(new PutUserCommand(new Login("erin"), "erin-password-1".toCharArray(), Set.of(),
                Optional.of(List.of(ORDERS)), ADMIN)));

        ArgumentCaptor<UserAccount> saved = ArgumentCaptor.forClass(UserAccount.class);
        verify(store).save(saved.capture());
        assertTrue(saved.getValue().passwordHash().startsWith("$pbkdf2-sha256$i=1000$"));
        assertFalse(saved.getValue().passwordHash().contains("erin-password-1"));
        when(store.find(new Login("erin"))).thenReturn(Optional.of(saved.getValue()));
        AuthenticatedUser erin = users.authenticate("erin", "erin-password-1".toCharArray()).orElseThrow();
        assertTrue(erin.permissions().allows(Action.PUBLISH, "orders.eu"));
        assertFalse(erin.permissions().allows(Action.PUBLISH, "billing"));
        assertFalse(users.authenticate("erin", "erin-password-2".toCharArray()).isPresent());
    }

    @Test
    void aShortPasswordIsRefusedAndNothingIsStored() {
        InvalidValue refused = assertThrows(InvalidValue.class, () -> users.put(new PutUserCommand(new Login("erin"),
                "eleven-char".toCharArray(), Set.of(), Optional.empty(), ADMIN)));

        assertEquals("password must be at least 12 characters", refused.getMessage());
        verify(store, never()).save(any());
    }

    /** Issue 29, points 6 and 8. */
    @Test
    void passwordsThatAreNotValidUnicodeOnlyWhitespaceOrHoldControlCharactersAreRefused() {
        List<String[]> cases = List.of(
                new String[] {" ".repeat(12), "password must not be only whitespace"},
                new String[] {"\t\u00a0\u3000".repeat(4), "password must not contain control characters"},
                new String[] {"\u00a0\u3000 ".repeat(4), "password must not be only whitespace"},
                new String[] {"\ud800".repeat(12), "password must be valid Unicode (no unpaired surrogates)"},
                new String[] {"\udc00Zpassword-x", "password must be valid Unicode (no unpaired surrogates)"},
                new String[] {"password-x\ud800", "password must be valid Unicode (no unpaired surrogates)"},
                new String[] {"password\u0000-xyz", "password must not contain control characters"},
                new String[] {"password\u007f-xyz", "password must not contain control characters"},
                new String[] {"\ud83d\ude00".repeat(11), "password must be at least 12 characters"});
        for (String[] c : cases) {
            InvalidValue refused = assertThrows(InvalidValue.class, () -> users.put(new PutUserCommand(
                    new Login("erin"), c[0].toCharArray(), Set.of(), Optional.empty(), ADMIN)), c[1]);
            assertEquals(c[1], refused.getMessage());
        }
        verify(store, never()).save(any());

        when(store.save(any())).thenReturn(true);
        assertTrue(users.put(new PutUserCommand(new Login("erin"), "\ud83d\ude00".repeat(12).toCharArray(), Set.of(),
                Optional.empty(), ADMIN)), "twelve characters outside the BMP are twelve characters");
        assertTrue(users.put(new PutUserCommand(new Login("erin"), "  pass word  ".toCharArray(), Set.of(),
                Optional.empty(), ADMIN)), "spaces are fine beside other characters");
    }

    @Test
    void newLoginsFollowTheirRuleAndAreUniqueRegardlessOfCase() {
        for (String bad : List.of("svc:billing", "..", ".hidden", "x".repeat(65), "a:b")) {
            InvalidValue refused = assertThrows(InvalidValue.class, () -> users.put(new PutUserCommand(
                    new Login(bad), "a-good-password".toCharArray(), Set.of(), Optional.empty(), ADMIN)), bad);
            assertEquals("login must be 1-64 characters of [A-Za-z0-9._@-], not starting with a dot",
                    refused.getMessage());
        }
        LoginTaken taken = assertThrows(LoginTaken.class, () -> users.put(new PutUserCommand(new Login("Alice"),
                "a-good-password".toCharArray(), Set.of(), Optional.empty(), ADMIN)));
        assertEquals("login Alice differs only in case from the existing user alice (logins are unique regardless"
                + " of case)", taken.getMessage());
        verify(store, never()).save(any());
    }

    @Test
    void configurationUsersAreReadOnlyAndShadowStoredOnes() {
        assertThrows(UserIsReadOnly.class, () -> users.put(new PutUserCommand(ALICE, "alice-password-2".toCharArray(),
                Set.of(), Optional.empty(), ADMIN)));
        assertThrows(UserIsReadOnly.class, () -> users.delete(ALICE, ADMIN));
        verify(store, never()).save(any());
        verify(store, never()).delete(any());
        assertTrue(users.get(ALICE).readOnly());

        when(store.list(any(), anyInt())).thenReturn(List.of(new UserAccount(ALICE, "$x", Set.of(), Optional.empty()),
                new UserAccount(new Login("erin"), "$x", Set.of(), Optional.empty())));
        assertEquals(List.of("alice", "bob", "erin"), users.list(Optional.empty(), 100).users().stream()
                .map(user -> user.login().value()).toList(), "configuration users first, a stored alice shadowed");
    }

    /**
     * Issue 29: the users come in pages — configuration users first, then database users, each in login order —
     * and a page's last login continues in the part it belongs to.
     */
    @Test
    void usersComeInPagesConfigurationUsersFirst() {
        UserAccount carol = new UserAccount(new Login("carol"), "$x", Set.of(), Optional.empty());
        UserAccount dave = new UserAccount(new Login("dave"), "$x", Set.of(), Optional.empty());
        when(store.list(eq(Optional.empty()), anyInt())).thenReturn(List.of(
                new UserAccount(ALICE, "$x", Set.of(), Optional.empty()), carol, dave));
        when(store.list(eq(Optional.of(new Login("carol"))), anyInt())).thenReturn(List.of(dave));

        ManageUsersUseCase.UserPage first = users.list(Optional.empty(), 3);
        assertEquals(List.of("alice", "bob", "carol"), first.users().stream().map(u -> u.login().value()).toList());
        assertEquals(Optional.of(new Login("carol")), first.next());
        ManageUsersUseCase.UserPage second = users.list(first.next(), 3);
        assertEquals(List.of("dave"), second.users().stream().map(u -> u.login().value()).toList());
        assertEquals(Optional.empty(), second.next());
        ManageUsersUseCase.UserPage fromConfigured = users.list(Optional.of(ALICE), 1);
        assertEquals(List.of("bob"), fromConfigured.users().stream().map(u -> u.login().value()).toList());
        assertEquals(Optional.of(new Login("bob")), fromConfigured.next());
        assertThrows(InvalidValue.class, () -> users.list(Optional.empty(), 0));
        assertThrows(InvalidValue.class, () -> users.list(Optional.empty(), 1001));
    }

    /** The store as the contract test describes it: the change applied to what is stored, in one step. */
    @SuppressWarnings("unchecked")
    private void stored(UserAccount user) {
        when(store.update(eq(user.login()), any())).thenAnswer(call ->
                Optional.of(((UnaryOperator<UserAccount>) call.getArgument(1)).apply(user)));
    }

    @Test
    void aPatchChangesTheGivenMembersAndKeepsThePassword() {
        UserAccount erin = new UserAccount(new Login("erin"), "$pbkdf2-sha256$i=1000$old", Set.of("admin"),
                Optional.empty());
        stored(erin);

        UserView changed = users.patch(new PatchUserCommand(erin.login(), Optional.empty(), Optional.empty(),
                Optional.of(Optional.of(List.of(ORDERS))), ADMIN));

        assertEquals(new UserView(erin.login(), Set.of("admin"), Optional.of(List.of(ORDERS)), false), changed);
        UserView defaults = users.patch(new PatchUserCommand(erin.login(), Optional.empty(), Optional.of(Set.of()),
                Optional.of(Optional.empty()), ADMIN));
        assertEquals(new UserView(erin.login(), Set.of(), Optional.empty(), false), defaults,
                "grants removed: the default grants apply");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPatchWithAPasswordHashesIt() {
        UserAccount erin = new UserAccount(new Login("erin"), "$pbkdf2-sha256$i=1000$old", Set.of(), Optional.empty());
        ArgumentCaptor<UnaryOperator<UserAccount>> change = ArgumentCaptor.forClass(UnaryOperator.class);
        when(store.update(eq(erin.login()), change.capture())).thenReturn(Optional.of(erin));

        users.patch(new PatchUserCommand(erin.login(), Optional.of("erin-password-2".toCharArray()), Optional.empty(),
                Optional.empty(), ADMIN));

        UserAccount written = change.getValue().apply(erin);
        assertTrue(written.passwordHash().startsWith("$pbkdf2-sha256$i=1000$"));
        assertTrue(hashes.verify(written.passwordHash(), "erin-password-2".toCharArray()));
    }

    @Test
    void aPatchIsRefusedLikeAPutAndChangesNothing() {
        InvalidValue refused = assertThrows(InvalidValue.class, () -> users.patch(new PatchUserCommand(
                new Login("erin"), Optional.of("eleven-char".toCharArray()), Optional.empty(), Optional.empty(),
                ADMIN)));
        assertEquals("password must be at least 12 characters", refused.getMessage());
        assertThrows(UserIsReadOnly.class, () -> users.patch(new PatchUserCommand(ALICE, Optional.empty(),
                Optional.of(Set.of()), Optional.empty(), ADMIN)));
        verify(store, never()).update(any(), any());

        when(store.update(any(), any())).thenReturn(Optional.empty());
        assertThrows(UserNotFound.class, () -> users.patch(new PatchUserCommand(new Login("nobody"),
                Optional.empty(), Optional.of(Set.of()), Optional.empty(), ADMIN)));
        verify(store, never()).save(any());
    }

    @Test
    void anUnknownUserIsNotFound() {
        when(store.find(any())).thenReturn(Optional.empty());
        when(store.delete(any())).thenReturn(false);

        assertThrows(UserNotFound.class, () -> users.get(new Login("nobody")));
        assertThrows(UserNotFound.class, () -> users.delete(new Login("nobody"), ADMIN));
    }
}

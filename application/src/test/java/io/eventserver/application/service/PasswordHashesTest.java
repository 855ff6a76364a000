package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.eventserver.domain.common.InvalidValue;
import org.junit.jupiter.api.Test;

class PasswordHashesTest {

    private final PasswordHashes hashes = new PasswordHashes(1000);

    @Test
    void aHashVerifiesItsPasswordOnly() {
        String hash = hashes.hash("correct horse battery".toCharArray());

        assertTrue(hash.startsWith("$pbkdf2-sha256$i=1000$"), hash);
        assertTrue(hashes.verify(hash, "correct horse battery".toCharArray()));
        for (String wrong : List.of("correct horse batter", "correct horse battery ", "", "\0")) {
            assertFalse(hashes.verify(hash, wrong.toCharArray()), wrong);
        }
        assertEquals(hash, PasswordHashes.requireHash(hash, "password-hash"), "its own form is accepted");
    }

    @Test
    void everyHashHasItsOwnSaltAndCarriesItsIterations() {
        String one = hashes.hash("same password!".toCharArray());
        String two = hashes.hash("same password!".toCharArray());

        assertNotEquals(one, two);
        assertTrue(new PasswordHashes(2000).verify(one, "same password!".toCharArray()),
                "verified with the iterations in the string, not the hasher's");
        assertTrue(new PasswordHashes().hash("x".toCharArray()).startsWith("$pbkdf2-sha256$i=600000$"),
                "the default cost");
    }

    @Test
    void aPlainConfiguredPasswordIsComparedAsADigest() {
        String plain = PasswordHashes.plain("alice-pw".toCharArray());

        assertTrue(hashes.verify(plain, "alice-pw".toCharArray()));
        assertFalse(hashes.verify(plain, "alice-pw ".toCharArray()));
        assertFalse(hashes.verify(plain, "".toCharArray()));
        assertTrue(hashes.verify(PasswordHashes.plain(new char[0]), new char[0]), "an empty demo password");
    }

    @Test
    void anythingButAHashOfOursIsRefused() {
        for (String garbage : List.of("", "secret", "$2a$10$abcdefghijklmnopqrstuv", "$pbkdf2-sha256$i=10$c2FsdA$x",
                "$pbkdf2-sha256$i=600000$c2FsdHNhbHRzYWx0c2FsdA$tooShort",
                PasswordHashes.plain("x".toCharArray()))) {
            assertThrows(InvalidValue.class, () -> PasswordHashes.requireHash(garbage, "password-hash"), garbage);
            if (!garbage.startsWith("$plain")) {
                assertFalse(hashes.verify(garbage, "secret".toCharArray()), garbage);
            }
        }
    }
}

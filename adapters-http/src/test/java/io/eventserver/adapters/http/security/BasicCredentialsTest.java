package io.eventserver.adapters.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.eventserver.adapters.http.HttpTestClient;
import org.junit.jupiter.api.Test;

/** One credential, many spellings, one key (issue 29, point 4). */
class BasicCredentialsTest {

    @Test
    void everySpellingOfOneCredentialHasOneKeyAndOneLogin() {
        List<String> spellings = HttpTestClient.basicSpellings("alice", "alice-pw");
        assertEquals(256, new HashSet<>(spellings).size());
        Set<String> keys = new HashSet<>();
        for (String spelling : spellings) {
            BasicCredentials credentials = BasicCredentials.parse(List.of(spelling));
            assertEquals("alice", credentials.login(), spelling);
            keys.add(credentials.key());
        }
        assertEquals(1, keys.size(), "256 spellings, one key");
        assertEquals(keys, Set.of(BasicCredentials.parse(List.of("Basic   "
                + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8)) + "  "))
                .key()), "spaces around the token too");
    }

    @Test
    void anotherPasswordOrLoginHasAnotherKey() {
        String alice = key("alice:alice-pw");
        assertNotEquals(alice, key("alice:alice-pW"));
        assertNotEquals(alice, key("alicE:alice-pw"));
        assertNotEquals(key("a:b:c"), key("a:bc"));
        assertEquals("a", BasicCredentials.parse(List.of(basic("a:b:c"))).login(), "the login ends at the first colon");
    }

    @Test
    void anythingButOneWellFormedBasicHeaderIsNothing() {
        for (List<String> headers : List.of(List.<String>of(), List.of(basic("a:b"), basic("a:b")),
                List.of(""), List.of("Basic"), List.of("Basic "), List.of("Basicx" + basic("a:b").substring(5)),
                List.of("Bearer abc"), List.of("Basic !!!notbase64"), List.of(basic("no colon")),
                List.of("Basic\t" + basic("a:b").substring(6)), List.of("alice:alice-pw"))) {
            assertNull(BasicCredentials.parse(headers), headers.toString());
        }
    }

    @Test
    void clearingOverwritesTheDecodedBytes() {
        BasicCredentials credentials = BasicCredentials.parse(List.of(basic("alice:alice-pw")));
        credentials.clear();
        for (byte b : credentials.decoded()) {
            assertEquals(0, b);
        }
        assertEquals("alice", credentials.login().toLowerCase(Locale.ROOT));
    }

    private static String key(String credentials) {
        return BasicCredentials.parse(List.of(basic(credentials))).key();
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}

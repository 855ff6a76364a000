package io.eventserver.adapters.http.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RequestIdTest {

    @Test
    void newRequestIdsAreUniqueVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = UUID.fromString(RequestId.random().value());
            assertEquals(4, id.version());
            assertEquals(2, id.variant());
            seen.add(id.toString());
        }
        assertEquals(10_000, seen.size());
    }
}

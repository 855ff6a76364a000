package io.eventserver.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactionTest {

    private static final EventName NAME = new EventName("order-placed");

    @Test
    void aRedactedDocumentKeepsOnlyTheNameAndVersion() {
        EventDocument original = new EventDocument("""
                {"payload": {"event": {"version": 99}, "s": "}\\"{"}, "system": {"id": "x"},
                 "event" : { "name": "order-placed", "extra": [1, {"version": 7}], "version" : 3 },
                 "trigger": {"type": "t"}}""");

        EventDocument redacted = Redaction.of(NAME, original);

        assertEquals("{\"event\":{\"name\":\"order-placed\",\"version\":3},\"redacted\":true}", redacted.json());
        assertTrue(Redaction.isRedacted(redacted));
        assertFalse(Redaction.isRedacted(original));
    }

    @Test
    void redactingTwiceChangesNothing() {
        EventDocument once = Redaction.of(NAME, new EventDocument("{\"event\":{\"name\":\"order-placed\",\"version\":1}}"));

        assertEquals(once, Redaction.of(NAME, once));
    }

    @Test
    void theNameIsQuotedAsJson() {
        EventDocument redacted = Redaction.of(new EventName("say \"hi\" \\ there"),
                new EventDocument("{\"event\":{\"version\":2,\"name\":\"say \\\"hi\\\" \\\\ there\"}}"));

        assertEquals("{\"event\":{\"name\":\"say \\\"hi\\\" \\\\ there\",\"version\":2},\"redacted\":true}",
                redacted.json());
    }

    @Test
    void aDocumentWithoutAnIntegralVersionIsNotAPublishedOne() {
        assertThrows(IllegalStateException.class,
                () -> Redaction.of(NAME, new EventDocument("{\"event\":{\"name\":\"x\",\"version\":\"1\"}}")));
        assertThrows(IllegalStateException.class, () -> Redaction.of(NAME, new EventDocument("{\"event\":{\"version\":}")));
    }
}

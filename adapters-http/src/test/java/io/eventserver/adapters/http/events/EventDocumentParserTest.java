package io.eventserver.adapters.http.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.eventserver.adapters.http.protocol.BadRequest;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventDraft;

/**
 * What a publish body must be, and the words of each refusal: the order in which problems are reported (syntax of
 * the whole body first, then unknown top-level members, then event, system, trigger, payload) and the exact text
 * the draft keeps.
 */
class EventDocumentParserTest {

    private static final String EVENT = "\"event\":{\"name\":\"OrderPlaced\",\"version\":1}";
    private static final String SYSTEM = "\"system\":{\"id\":\"shop\",\"name\":\"Shop\",\"time\":\"2024-01-02 03:04:05\","
            + "\"timezone\":\"Europe/Berlin\"}";
    private static final String TRIGGER = "\"trigger\":{\"type\":\"user\",\"name\":\"alice\"}";
    private static final String PAYLOAD = "\"payload\":{\"orderId\":42,\"total\":19.990,\"big\":9007199254740993}";
    private static final String VALID = "{" + EVENT + "," + SYSTEM + "," + TRIGGER + "," + PAYLOAD + "}";

    private final EventDocumentParser parser = new EventDocumentParser(5);

    private EventDraft parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private List<EventDraft> batch(String body) {
        return parser.parseBatch(body.getBytes(StandardCharsets.UTF_8), 3);
    }

    private static String refusal(Runnable parse) {
        RuntimeException refused = assertThrows(RuntimeException.class, parse::run);
        assertTrue(refused instanceof BadRequest || refused instanceof InvalidValue, refused.toString());
        return refused.getMessage();
    }

    @Test
    void aValidDocumentKeepsTheTextAsSentAndItsTypedFields() {
        EventDraft draft = parse("\uFEFF  " + VALID + "\n");
        assertEquals(VALID, draft.document().json());
        assertEquals("OrderPlaced", draft.name().value());
        assertEquals(1, draft.version().value());
    }

    @Test
    void membersInsideTheNamedObjectsThatTheContractDoesNotNameAreKept() {
        String body = "{\"event\":{\"name\":\"A\",\"version\":2,\"extra\":[1,{\"x\":null}]},"
                + SYSTEM.replace("\"id\"", "\"more\":{\"a\":1},\"id\"") + "," + TRIGGER + ",\"payload\":{}}";
        EventDraft draft = parse(body);
        assertEquals(body, draft.document().json());
        assertEquals(2, draft.version().value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                    | the body is empty; a JSON object is required",
        "`   `                                 | the body is empty; a JSON object is required",
        "[1]                                   | the body must be a JSON object",
        "42                                    | the body must be a JSON object",
        "`\"text\"`                            | the body must be a JSON object",
        "{\"payload\":{},\"x\":1}              | unknown top-level member \"x\": only event, system, trigger and payload are allowed",
        "{}                                    | event is required",
        "{\"event\":1}                         | event must be a JSON object",
        "{\"event\":null}                      | event must be a JSON object",
        "{\"event\":{}}                        | event.name is required",
        "{\"event\":{\"name\":5}}              | event.name must be a non-empty string",
        "{\"event\":{\"name\":null}}           | event.name must be a non-empty string",
        "{\"event\":{\"name\":\"A\"}}          | event.version is required",
        "{\"event\":{\"name\":\"A\",\"version\":\"1\"}} | event.version must be an integer >= 1",
        "{\"event\":{\"name\":\"A\",\"version\":0}}     | event.version must be an integer >= 1",
        "{\"event\":{\"name\":\"A\",\"version\":-3}}    | event.version must be an integer >= 1",
        "{\"event\":{\"name\":\"A\",\"version\":1.0}}   | event.version must be an integer >= 1",
        "{\"event\":{\"name\":\"A\",\"version\":99999999999999999999}} | event.version must be an integer >= 1",
        "{\"event\":{\"name\":\"A\",\"version\":1}}     | system is required",
        "{\"event\":{\"name\":\"A\",\"version\":1},\"system\":[]} | system must be a JSON object",
        "{\"event\":{\"name\":\"A\",\"version\":1},\"system\":{}} | system.id is required",
    })
    void refusalsOfOneDocument(String body, String message) {
        assertEquals(message, refusal(() -> parse(body)));
    }

    @Test
    void laterMembersAreCheckedInTheirTurn() {
        String noTrigger = "{" + EVENT + "," + SYSTEM + "," + PAYLOAD + "}";
        assertEquals("trigger is required", refusal(() -> parse(noTrigger)));
        String badTrigger = "{" + EVENT + "," + SYSTEM + ",\"trigger\":{\"type\":\"user\",\"name\":[]}," + PAYLOAD + "}";
        assertEquals("trigger.name must be a non-empty string", refusal(() -> parse(badTrigger)));
        String noPayload = "{" + EVENT + "," + SYSTEM + "," + TRIGGER + "}";
        assertEquals("payload is required", refusal(() -> parse(noPayload)));
        String payloadArray = "{" + EVENT + "," + SYSTEM + "," + TRIGGER + ",\"payload\":[1]}";
        assertEquals("payload must be a JSON object", refusal(() -> parse(payloadArray)));
        String badTime = VALID.replace("2024-01-02 03:04:05", "yesterday");
        String refusedTime = refusal(() -> parse(badTime));
        assertTrue(refusedTime.startsWith("system.time"), refusedTime);
        // the unknown member is reported before the missing ones, wherever it is
        assertEquals("unknown top-level member \"zzz\": only event, system, trigger and payload are allowed",
                refusal(() -> parse("{\"event\":1,\"zzz\":2}")));
        // the order of the members in the document does not change which problem is reported
        String reordered = "{" + PAYLOAD + "," + TRIGGER + ",\"system\":{}," + EVENT + "}";
        assertEquals("system.id is required", refusal(() -> parse(reordered)));
    }

    @Test
    void syntaxIsCheckedForTheWholeBodyBeforeAnythingElse() {
        for (String body : List.of("{", "{\"event\":1", "{} {}", "{}}", "{} x", "{\"a\":1,\"a\":2}",
                "{\"event\":{\"name\":\"A\",\"name\":\"B\"}}", VALID.replace("42", "42,\"orderId\":1"),
                "{\"zzz\":1,", "{\"event\":tru}", "[1] 2", "{\"payload\":{\"s\":\"\\uZZZZ\"}}")) {
            String message = refusal(() -> parse(body));
            assertTrue(message.startsWith("the body is not valid JSON: "), body + " -> " + message);
        }
    }

    @Test
    void nestingAndNumberLimitsAreRefusedWithOneMessage() {
        String tooDeep = "{" + EVENT + "," + SYSTEM + "," + TRIGGER + ",\"payload\":{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}}";
        String limit = "the body exceeds a JSON limit (nesting depth at most 5, numbers at most 1000 digits)";
        assertEquals(limit, refusal(() -> parse(tooDeep)));
        String deepest = tooDeep.replace("{\"d\":{}}", "{\"d\":1}");
        assertEquals(deepest, parse(deepest).document().json());
        String longNumber = VALID.replace("42", "4".repeat(1001));
        assertEquals(limit, refusal(() -> parse(longNumber)));
        String longFraction = VALID.replace("19.990", "1." + "9".repeat(1001));
        assertEquals(limit, refusal(() -> parse(longFraction)));
        String longest = VALID.replace("42", "4".repeat(1000)).replace("19.990", "1." + "9".repeat(998));
        assertEquals(longest, parse(longest).document().json());
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] body = VALID.replace("alice", "al?ce").getBytes(StandardCharsets.UTF_8);
        body[VALID.indexOf("alice") + 2] = (byte) 0xC3;
        assertEquals("the body is not valid UTF-8", refusal(() -> parser.parse(body)));
    }

    /**
     * Issue 29, point 6: a JSON escape of a lone surrogate in event.name was stored as "?", so a lone high and a lone
     * low surrogate before "Z" and "?Z" became one name with one sequence. A pair stays one character; the document
     * keeps its escapes.
     */
    @Test
    void unpairedSurrogatesAndControlCharactersInTheEventNameAreRefused() {
        for (String name : List.of("\\ud800Z", "\\udc00Z", "Z\\udbff", "\\udc00\\ud800", "a\\u0000b", "a\\u001bb",
                "a\\u0085b", "a\\nb")) {
            String body = VALID.replace("OrderPlaced", name);
            String message = refusal(() -> parse(body));
            assertTrue(message.startsWith("event.name must"), name + " -> " + message);
            String inBatch = refusal(() -> batch("[" + VALID + "," + body + "]"));
            assertTrue(inBatch.startsWith("[1].event.name must"), name + " -> " + inBatch);
        }
        EventDraft pair = parse(VALID.replace("OrderPlaced", "\\ud83d\\ude00Z"));
        assertEquals("\ud83d\ude00Z", pair.name().value());
        assertTrue(pair.document().json().contains("\\ud83d\\ude00Z"));
    }

    @Test
    void aBatchKeepsEachElementsTextAsSent() {
        String second = "{ " + EVENT.replace("OrderPlaced", "OrderPaid") + " , " + SYSTEM + "," + TRIGGER + ","
                + PAYLOAD + " }";
        List<EventDraft> drafts = batch(" [ " + VALID + " ,\n" + second + " ] ");
        assertEquals(2, drafts.size());
        assertEquals(VALID, drafts.get(0).document().json());
        assertEquals(second, drafts.get(1).document().json());
        assertEquals("OrderPaid", drafts.get(1).name().value());
    }

    @Test
    void refusalsOfABatch() {
        assertEquals("the batch is empty: it must hold 1 to 3 events", refusal(() -> batch("[]")));
        assertEquals("[1] must be a JSON object", refusal(() -> batch("[" + VALID + ",1]")));
        assertEquals("a batch holds at most 3 events", refusal(() -> batch("[" + VALID + ",{},{},{}]")));
        assertEquals("[1].event is required", refusal(() -> batch("[" + VALID + ",{},{\"x\":1}]")));
        assertEquals("[0]: unknown top-level member \"x\": only event, system, trigger and payload are allowed",
                refusal(() -> batch("[{\"x\":1}]")));
        assertEquals("[0].event.version must be an integer >= 1",
                refusal(() -> batch("[{\"event\":{\"name\":\"A\",\"version\":0}}]")));
        String invalidName = refusal(() -> batch("[" + VALID.replace("OrderPlaced", " ") + "]"));
        assertTrue(invalidName.startsWith("[0].event.name"), invalidName);
        assertEquals("the body must be a JSON object or a JSON array of them", refusal(() -> batch("\"x\"")));
        for (String body : List.of("[" + VALID, "[" + VALID + "] 1", "[{},", "[{\"x\":1,\"x\":2}]",
                "[{\"x\":1}, {\"event\":tru}]")) {
            String message = refusal(() -> batch(body));
            assertTrue(message.startsWith("the body is not valid JSON"), body + " -> " + message);
        }
        // the nesting limit counts the array
        String deep = "[" + VALID.replace("{\"orderId\"", "{\"a\":{\"b\":{\"c\":{}}},\"orderId\"") + "]";
        assertEquals("the body exceeds a JSON limit (nesting depth at most 5, numbers at most 1000 digits)",
                refusal(() -> batch(deep)));
        String longNumber = "[" + VALID.replace("42", "4".repeat(1001)) + "]";
        assertEquals("the body exceeds a JSON limit (nesting depth at most 5, numbers at most 1000 digits)",
                refusal(() -> batch(longNumber)));
    }
}

package io.eventserver.adapters.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.Optional;

import io.eventserver.application.port.out.JsonDocuments.PayloadSchema;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventDocument;
import org.junit.jupiter.api.Test;

class JsonSchemaDocumentsTest {

    private static final String ORDER = """
            {"type":"object","required":["orderId"],"properties":{"orderId":{"type":"integer"}}}""";

    private final JsonSchemaDocuments documents = new JsonSchemaDocuments(64 * 1024, 64);

    private static EventDocument withPayload(String payload) {
        return new EventDocument("{\"event\":{\"name\":\"OrderPlaced\",\"version\":1},\"payload\":" + payload + "}");
    }

    @Test
    void aMatchingPayloadPassesAndAMismatchNamesItsPointerAndWhatIsWrong() {
        PayloadSchema schema = documents.compile(ORDER);

        assertEquals(Optional.empty(), schema.violation(withPayload("{\"orderId\":42}")));
        String violation = schema.violation(withPayload("{\"orderId\":\"x\"}")).orElseThrow();
        assertTrue(violation.startsWith("/orderId: "), violation);
        String missing = schema.violation(withPayload("{}")).orElseThrow();
        assertTrue(missing.startsWith(": ") && missing.contains("orderId"), missing);
    }

    @Test
    void whatIsNoValidSchemaIsRefused() {
        assertThrows(InvalidValue.class, () -> documents.compile("{\"type\":\"integr\"}"));
        assertThrows(InvalidValue.class, () -> documents.compile("{\"type\":"));
        assertThrows(InvalidValue.class, () -> documents.compile("[1]"));
        assertThrows(InvalidValue.class, () -> documents.compile("{\"minimum\":\"ten\"}"));
        assertThrows(InvalidValue.class, () -> documents.compile(
                "{\"$schema\":\"http://json-schema.org/draft-04/schema#\"}"));
        assertThrows(InvalidValue.class, () -> documents.compile("{\"pattern\":\"(unclosed\"}"));
    }

    @Test
    void aReferenceToARemoteSchemaIsRefusedAndNeverFetched() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/schema.json";
            InvalidValue refused = assertThrows(InvalidValue.class,
                    () -> documents.compile("{\"$ref\":\"" + url + "\"}"));
            assertTrue(refused.getMessage().contains("references within the schema"), refused.getMessage());
            assertThrows(InvalidValue.class, () -> documents.compile(
                    "{\"properties\":{\"a\":{\"$ref\":\"" + url + "#/x\"}}}"));
            assertThrows(InvalidValue.class, () -> documents.compile(
                    "{\"$id\":\"http://127.0.0.1:" + listener.getLocalPort() + "/a\",\"$ref\":\"b\"}"));
            listener.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, listener::accept, "nobody connected");
        }
    }

    @Test
    void referencesWithinTheSchemaWork() {
        PayloadSchema schema = documents.compile("""
                {"$defs":{"id":{"type":"integer"}},"properties":{"orderId":{"$ref":"#/$defs/id"},
                 "next":{"$ref":"#"}}}""");

        assertEquals(Optional.empty(), schema.violation(withPayload("{\"orderId\":1,\"next\":{\"orderId\":2}}")));
        assertTrue(schema.violation(withPayload("{\"next\":{\"orderId\":\"x\"}}")).orElseThrow()
                .startsWith("/next/orderId: "));
    }

    @Test
    void aSchemaThatRefersToItselfWithoutEndIsRefused() {
        assertThrows(InvalidValue.class, () -> documents.compile("{\"$ref\":\"#\"}"));
        assertThrows(InvalidValue.class, () -> documents.compile("{\"allOf\":[{\"$ref\":\"#\"}]}"));
    }

    @Test
    void aHugeSchemaIsRefused() {
        JsonSchemaDocuments small = new JsonSchemaDocuments(1024, 64);
        String huge = "{\"description\":\"" + "x".repeat(2000) + "\"}";

        InvalidValue refused = assertThrows(InvalidValue.class, () -> small.compile(huge));
        assertTrue(refused.getMessage().contains("api.max-schema-bytes"), refused.getMessage());
    }

    @Test
    void aDeeplyNestedSchemaIsRefused() {
        String deep = "{\"items\":".repeat(200) + "{}" + "}".repeat(200);

        assertThrows(InvalidValue.class, () -> documents.compile(deep));
    }

    @Test
    void aPatternBuiltToBacktrackIsStoppedAndRefusesThePayload() {
        PayloadSchema schema = documents.compile("{\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"(x+x+)+y\"}}}");
        String hostile = "x".repeat(5_000);

        long started = System.nanoTime();
        String violation = schema.violation(withPayload("{\"s\":\"" + hostile + "\"}")).orElseThrow();
        assertTrue(violation.contains("too many steps") || violation.startsWith("/s: "), violation);
        assertTrue(System.nanoTime() - started < 60_000_000_000L, "bounded, not 2^40 steps");
        assertEquals(Optional.empty(), schema.violation(withPayload("{\"s\":\"xxy\"}")));
    }

    @Test
    void aMatchThatNeedsTooManyStepsIsStopped() {
        // cubic on the JDK's engine: 300 characters take ~18 million reads without the budget
        var backtracking = new BudgetedRegularExpressions().getRegularExpression("(x+x+)+y");

        assertThrows(BudgetedRegularExpressions.TooManySteps.class, () -> backtracking.matches("x".repeat(300)));
        assertTrue(backtracking.matches("xxy"));
    }

    @Test
    void containmentIsJsonbContainment() {
        var order42 = documents.containing("{\"payload\":{\"orderId\":42}}");

        assertTrue(order42.test(withPayload("{\"orderId\":42,\"total\":3}")));
        assertTrue(order42.test(withPayload("{\"orderId\":42.0}")));
        assertFalse(order42.test(withPayload("{\"orderId\":43}")));
        assertFalse(order42.test(withPayload("{\"orderId\":\"42\"}")));
        var tagged = documents.containing("{\"payload\":{\"tags\":[\"b\"]}}");
        assertTrue(tagged.test(withPayload("{\"tags\":[\"a\",\"b\"]}")));
        assertFalse(tagged.test(withPayload("{\"tags\":\"b\"}")));
        assertTrue(documents.containing("{}").test(withPayload("1")));
        assertThrows(InvalidValue.class, () -> documents.containing("[1]"));
        assertThrows(InvalidValue.class, () -> documents.containing("{\"a\":"));
        assertThrows(InvalidValue.class, () -> documents.containing("{\"a\":\"\\u0000\"}"));
    }
}

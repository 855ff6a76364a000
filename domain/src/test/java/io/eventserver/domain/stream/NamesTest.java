package io.eventserver.domain.stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "orders", "Orders.v2", "9lives", "a-b_c.d"})
    void streamNamesOfLettersDigitsDotsDashesAndUnderscoresAreAccepted(String name) {
        assertDoesNotThrow(() -> new StreamName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-orders", ".hidden", "_x", "a b", "a/b", "ä", "a%20", "a:b", "a\ud800Z", "a\udc00Z",
            "a\u0000", "a\nb", "a\u007f"})
    void otherStreamNamesAreRefused(String name) {
        assertThrows(InvalidValue.class, () -> new StreamName(name));
    }

    @org.junit.jupiter.api.Test
    void streamNamesAreAtMost255Characters() {
        assertDoesNotThrow(() -> new StreamName("s".repeat(255)));
        assertThrows(InvalidValue.class, () -> new StreamName("s".repeat(256)));
        assertThrows(InvalidValue.class, () -> new StreamName(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"p", "user@example.com", "svc:orders", "a.b-c_d", "0"})
    void producerAndConsumerIdsAcceptTheirCharacterSet(String id) {
        assertDoesNotThrow(() -> new ProducerId(id));
        assertDoesNotThrow(() -> new ConsumerId(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "a/b", "ü", "a,b", "\ud800Z", "\udc00Z", "a\u0000", "a\tb", "a\u0085"})
    void producerAndConsumerIdsRefuseOtherCharacters(String id) {
        assertThrows(InvalidValue.class, () -> new ProducerId(id));
        assertThrows(InvalidValue.class, () -> new ConsumerId(id));
    }

    @org.junit.jupiter.api.Test
    void producerAndConsumerIdsAreAtMost255Characters() {
        assertDoesNotThrow(() -> new ProducerId("p".repeat(255)));
        assertThrows(InvalidValue.class, () -> new ProducerId("p".repeat(256)));
        assertThrows(InvalidValue.class, () -> new ConsumerId("c".repeat(256)));
    }
}

package io.eventserver.domain.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventDraftFixture;
import org.junit.jupiter.api.Test;

class StreamTest {

    private static final StreamName ORDERS = new StreamName("orders");
    private static final ProducerId OWNER = new ProducerId("shop");

    @Test
    void theOwnerMayAppendAndEachEventGetsANewId() {
        Stream stream = Stream.owned(ORDERS, OWNER);

        EventAppended first = stream.append(OWNER, EventDraftFixture.draft());
        EventAppended second = stream.append(OWNER, EventDraftFixture.draft());

        assertEquals(ORDERS, first.stream());
        assertNotEquals(first.id(), second.id());
    }

    @Test
    void anotherProducerMayNotAppend() {
        Stream stream = Stream.owned(ORDERS, OWNER);

        StreamOwnedByAnotherProducer refused = assertThrows(StreamOwnedByAnotherProducer.class,
                () -> stream.append(new ProducerId("intruder"), EventDraftFixture.draft()));
        assertEquals(ORDERS, refused.stream());
    }

    @Test
    void aClaimedStreamIsOwnedByItsClaimantAndNotYetStored() {
        Stream claimed = Stream.claim(ORDERS, OWNER);

        assertTrue(claimed.isClaimedNow());
        assertFalse(Stream.owned(ORDERS, OWNER).isClaimedNow());
        assertThrows(StreamOwnedByAnotherProducer.class,
                () -> claimed.append(new ProducerId("other"), EventDraftFixture.draft()));
    }
}

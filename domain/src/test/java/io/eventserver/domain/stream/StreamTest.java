package io.eventserver.domain.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.eventserver.domain.event.EventAppended;
import io.eventserver.domain.event.EventDraftFixture;
import io.eventserver.domain.event.EventsAppended;
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

    @Test
    void aBatchIsDecidedWholeInItsOrderWithAnIdForEachEvent() {
        Stream stream = Stream.owned(ORDERS, OWNER);

        EventsAppended batch = stream.append(OWNER, List.of(EventDraftFixture.draft(), EventDraftFixture.draft()));

        assertEquals(stream, batch.stream());
        assertEquals(2, batch.events().size());
        assertTrue(batch.events().stream().allMatch(event -> event.stream().equals(ORDERS)));
        assertNotEquals(batch.ids().get(0), batch.ids().get(1));
        assertThrows(StreamOwnedByAnotherProducer.class,
                () -> stream.append(new ProducerId("intruder"), List.of(EventDraftFixture.draft())));
    }

    /** What every storage engine may rely on, so that none checks it again (ADR 55). */
    @Test
    void aBatchHasAtLeastOneEventAndOnlyEventsOfItsStream() {
        Stream stream = Stream.owned(ORDERS, OWNER);
        EventAppended elsewhere = Stream.owned(new StreamName("payments"), OWNER).append(OWNER,
                EventDraftFixture.draft());

        assertThrows(IllegalArgumentException.class, () -> stream.append(OWNER, List.of()));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new EventsAppended(stream, List.of(stream.append(OWNER, EventDraftFixture.draft()), elsewhere)));
        assertEquals("an event of stream payments cannot be stored in orders", refused.getMessage());
    }
}

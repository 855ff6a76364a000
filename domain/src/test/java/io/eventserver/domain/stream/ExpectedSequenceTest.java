package io.eventserver.domain.stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventDraftFixture;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventsAppended;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.event.UnexpectedLastSequence;
import org.junit.jupiter.api.Test;

/** The rule of an expected sequence (ADR 64), as the aggregate decides it. */
class ExpectedSequenceTest {

    private static final StreamName ORDERS = new StreamName("orders");
    private static final ProducerId OWNER = new ProducerId("shop");

    @Test
    void anAppendWithAnExpectationGoesAheadOnlyAfterThatLastSequence() {
        EventsAppended appended = Stream.owned(ORDERS, OWNER)
                .append(OWNER, List.of(EventDraftFixture.draft()), Optional.of(new Sequence(3)));

        assertDoesNotThrow(() -> appended.requireLast(new Sequence(3)));
        UnexpectedLastSequence refused = assertThrows(UnexpectedLastSequence.class,
                () -> appended.requireLast(new Sequence(4)));
        assertEquals("expected sequence 3 for OrderPlaced but the last is 4", refused.getMessage());
        assertEquals(new Sequence(4), refused.last());
        assertEquals(new EventName("OrderPlaced"), refused.eventName());
    }

    @Test
    void zeroExpectsNoEventOfTheNameYet() {
        EventsAppended appended = Stream.claim(ORDERS, OWNER)
                .append(OWNER, List.of(EventDraftFixture.draft()), Optional.of(Sequence.ZERO));

        assertDoesNotThrow(() -> appended.requireLast(Sequence.ZERO));
        assertThrows(UnexpectedLastSequence.class, () -> appended.requireLast(new Sequence(1)));
    }

    @Test
    void aStreamClaimedNowHasNoEventsSoOnlyZeroCanHold() {
        UnexpectedLastSequence refused = assertThrows(UnexpectedLastSequence.class, () -> Stream.claim(ORDERS, OWNER)
                .append(OWNER, List.of(EventDraftFixture.draft()), Optional.of(new Sequence(2))));

        assertEquals(Sequence.ZERO, refused.last());
    }

    @Test
    void withoutAnExpectationAnyLastSequenceWillDo() {
        EventsAppended appended = Stream.owned(ORDERS, OWNER).append(OWNER, List.of(EventDraftFixture.draft()));

        assertTrue(appended.expectedLast().isEmpty());
        assertDoesNotThrow(() -> appended.requireLast(new Sequence(99)));
    }

    @Test
    void anExpectationNeedsABatchOfOneEventName() {
        EventDraft placed = EventDraftFixture.draft();
        EventDraft paid = new EventDraft(new EventName("OrderPaid"), placed.version(), placed.system(),
                placed.trigger(), placed.document());

        InvalidValue refused = assertThrows(InvalidValue.class, () -> Stream.owned(ORDERS, OWNER)
                .append(OWNER, List.of(placed, placed, paid), Optional.of(Sequence.ZERO)));
        assertTrue(refused.getMessage().contains("OrderPlaced and OrderPaid"), refused.getMessage());
        assertDoesNotThrow(() -> Stream.owned(ORDERS, OWNER).append(OWNER, List.of(placed, paid)));
    }

    @Test
    void onlyTheOwnerMayAppendWithAnExpectationToo() {
        assertThrows(StreamOwnedByAnotherProducer.class, () -> Stream.owned(ORDERS, OWNER)
                .append(new ProducerId("intruder"), List.of(EventDraftFixture.draft()), Optional.of(Sequence.ZERO)));
    }
}

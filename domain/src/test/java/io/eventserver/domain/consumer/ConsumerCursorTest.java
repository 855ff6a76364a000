package io.eventserver.domain.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.Test;

class ConsumerCursorTest {

    private final ConsumerCursor start = ConsumerCursor.atStart(new ConsumerId("c1"), new StreamName("orders"),
            new EventName("OrderPlaced"));

    @Test
    void aNewCursorStartsBeforeTheFirstEvent() {
        assertEquals(Sequence.ZERO, start.offset());
    }

    @Test
    void acknowledgingALaterEventMovesTheOffsetToIt() {
        Acknowledgement ack = start.acknowledge(new Sequence(3));

        Acknowledgement.OffsetMoved moved = assertInstanceOf(Acknowledgement.OffsetMoved.class, ack);
        assertEquals(new Sequence(3), moved.cursor().offset());
        assertEquals(Sequence.ZERO, start.offset(), "the cursor it moved from is unchanged");
    }

    @Test
    void acknowledgingTheSameOrAnEarlierEventChangesNothing() {
        ConsumerCursor atThree = start.acknowledge(new Sequence(3)).cursor();

        assertSame(atThree, assertInstanceOf(Acknowledgement.AlreadyAcknowledged.class,
                atThree.acknowledge(new Sequence(3))).cursor());
        assertEquals(new Sequence(3), atThree.acknowledge(new Sequence(1)).cursor().offset());
    }

    @Test
    void anOperatorResetMovesTheOffsetEitherWayButNotBeyondTheLastEvent() {
        ConsumerCursor atFive = start.acknowledge(new Sequence(5)).cursor();

        assertEquals(Sequence.ZERO, atFive.resetTo(Sequence.ZERO, new Sequence(9)).offset());
        assertEquals(new Sequence(9), atFive.resetTo(new Sequence(9), new Sequence(9)).offset());
        org.junit.jupiter.api.Assertions.assertThrows(io.eventserver.domain.common.InvalidValue.class,
                () -> atFive.resetTo(new Sequence(10), new Sequence(9)));
    }

    @Test
    void acknowledgementIsCumulative() {
        ConsumerCursor cursor = start.acknowledge(new Sequence(2)).cursor()
                .acknowledge(new Sequence(5)).cursor()
                .acknowledge(new Sequence(4)).cursor();

        assertEquals(new Sequence(5), cursor.offset());
    }
}

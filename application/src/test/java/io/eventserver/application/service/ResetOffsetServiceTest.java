package io.eventserver.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import io.eventserver.application.TestEvents;
import io.eventserver.application.port.in.ResetOffsetUseCase.OffsetReset;
import io.eventserver.application.port.in.ResetOffsetUseCase.ResetOffsetCommand;
import io.eventserver.application.port.out.CursorStore;
import io.eventserver.application.port.out.EventStore;
import io.eventserver.application.port.out.memory.InMemoryStorage;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.consumer.ConsumerCursor;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventNameNotFound;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.stream.StreamName;
import io.eventserver.domain.stream.StreamNotFound;
import org.junit.jupiter.api.Test;

/** The operator's reset on the in-memory engine: each test asserts where the cursor stands afterwards. */
class ResetOffsetServiceTest {

    private static final StreamName ORDERS = new StreamName("orders");
    private static final ConsumerId BILLING = new ConsumerId("billing");
    private static final EventName PLACED = new EventName("OrderPlaced");

    private final InMemoryStorage storage = new InMemoryStorage();
    private final EventStore events = storage.eventStore();
    private final CursorStore cursors = storage.cursorStore();
    private final ResetOffsetService service = new ResetOffsetService(events, cursors, storage.leaseStore());

    @Test
    void movesTheOffsetBackwardsAndReportsThePreviousOne() {
        stored(PLACED, 7);
        cursors.save(ConsumerCursor.at(BILLING, ORDERS, PLACED, new Sequence(6)));

        OffsetReset reset = service.reset(command(0));

        assertEquals(new Sequence(6), reset.previous());
        assertEquals(ConsumerCursor.at(BILLING, ORDERS, PLACED, Sequence.ZERO), reset.cursor());
        assertEquals(Optional.of(Sequence.ZERO), offset());
    }

    @Test
    void createsTheCursorWhenTheConsumerHasNone() {
        stored(PLACED, 7);

        OffsetReset reset = service.reset(command(7));

        assertEquals(Sequence.ZERO, reset.previous());
        assertEquals(Optional.of(new Sequence(7)), offset());
    }

    @Test
    void refusesAnOffsetBeyondTheLastEvent() {
        stored(PLACED, 7);

        assertThrows(InvalidValue.class, () -> service.reset(command(8)));
        assertEquals(Optional.empty(), offset());
    }

    @Test
    void anUnknownStreamOrEventNameIsNotFound() {
        assertThrows(StreamNotFound.class, () -> service.reset(command(0)));

        stored(new EventName("OrderPaid"), 1);
        assertThrows(EventNameNotFound.class, () -> service.reset(command(0)));
        assertEquals(Optional.empty(), offset());
    }

    private void stored(EventName eventName, int count) {
        Stores.append(events, ORDERS, TestEvents.producer("shop"), eventName.value(), count);
    }

    private Optional<Sequence> offset() {
        return cursors.find(BILLING, ORDERS, PLACED).map(ConsumerCursor::offset);
    }

    private static ResetOffsetCommand command(long sequence) {
        return new ResetOffsetCommand(ORDERS, BILLING, PLACED, new Sequence(sequence), new Login("operator"));
    }
}

package io.eventserver.adapters.http.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import org.junit.jupiter.api.Test;

class EventsJsonTest {

    @Test
    void aPageIsTheArrayAsUtf8AndOneListIsWrittenOnce() {
        List<RecordedEvent> page = List.of(event(1, "{\"payload\":{\"city\":\"Zürich\"}}"), event(2, "{}"));

        byte[] answer = EventsJson.page(page);
        assertEquals(EventsJson.array(page), new String(answer, StandardCharsets.UTF_8));
        assertSame(answer, EventsJson.page(page), "the same list: the same answer, not written again");

        List<RecordedEvent> equalButAnother = new ArrayList<>(page);
        byte[] again = EventsJson.page(equalButAnother);
        assertNotSame(answer, again, "another list is written on its own");
        assertArrayEquals(answer, again);
        assertEquals("[]", new String(EventsJson.page(List.of()), StandardCharsets.UTF_8));
    }

    private static RecordedEvent event(long sequence, String document) {
        return new RecordedEvent(EventId.generate(), new EventName("Created"), new Sequence(sequence),
                Instant.parse("2026-12-05T10:00:00Z"), new EventDocument(document));
    }
}

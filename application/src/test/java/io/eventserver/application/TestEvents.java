package io.eventserver.application;

import java.util.UUID;

import io.eventserver.domain.event.EventDocument;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.EventTime;
import io.eventserver.domain.event.EventVersion;
import io.eventserver.domain.event.SystemInfo;
import io.eventserver.domain.event.Trigger;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;

/** Test data shared by the service tests and the port contract tests. */
public final class TestEvents {

    private TestEvents() {
    }

    public static StreamName uniqueStream() {
        return new StreamName("stream-" + UUID.randomUUID());
    }

    public static ProducerId producer(String id) {
        return new ProducerId(id);
    }

    public static EventDraft draft(String eventName) {
        return draft(eventName, "{\"n\":1}");
    }

    /** A draft whose document carries {@code payloadJson} as its payload. */
    public static EventDraft draft(String eventName, String payloadJson) {
        String document = "{\"event\":{\"name\":" + quote(eventName) + ",\"version\":1},"
                + "\"system\":{\"id\":\"sys-1\",\"name\":\"test\",\"time\":\"2017-09-06 13:58:12\","
                + "\"timezone\":\"Europe/Berlin\"},"
                + "\"trigger\":{\"type\":\"test\",\"name\":\"TestEvents\"},"
                + "\"payload\":" + payloadJson + "}";
        return new EventDraft(new EventName(eventName), new EventVersion(1),
                new SystemInfo("sys-1", "test", EventTime.parse("2017-09-06 13:58:12"),
                        SystemInfo.zone("Europe/Berlin")),
                new Trigger("test", "TestEvents"), new EventDocument(document));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

package io.eventserver.domain.event;

/** A valid draft for tests that do not care about its content. */
public final class EventDraftFixture {

    private EventDraftFixture() {
    }

    public static EventDraft draft() {
        return new EventDraft(new EventName("OrderPlaced"), new EventVersion(1),
                new SystemInfo("alv123", "shop", EventTime.parse("2017-09-06 13:58:12"),
                        SystemInfo.zone("Europe/Berlin")),
                new Trigger("system", "/path/to/script.php"),
                new EventDocument("{\"event\":{\"name\":\"OrderPlaced\",\"version\":1}}"));
    }
}

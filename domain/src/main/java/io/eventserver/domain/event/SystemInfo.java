package io.eventserver.domain.event;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

import io.eventserver.domain.common.InvalidValue;
import io.eventserver.domain.common.Text;

/** The {@code system} section: which system produced the event, and its local time and IANA time zone. */
public record SystemInfo(String id, String name, EventTime time, ZoneId timezone) {

    private static final Set<String> IANA_ZONES = ZoneId.getAvailableZoneIds();

    public SystemInfo {
        Text.requireNonBlank(id, "system.id");
        Text.requireNonBlank(name, "system.name");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(timezone, "timezone");
    }

    /** Accepts only identifiers of the IANA time zone database ({@code Europe/Berlin}, {@code UTC}), not offsets. */
    public static ZoneId zone(String text) {
        if (text == null || !IANA_ZONES.contains(text)) {
            throw new InvalidValue("system.timezone must be an IANA time zone id such as Europe/Berlin");
        }
        // one ZoneId per IANA name, looked up once (issue 28: every publish names one)
        return ZONES.computeIfAbsent(text, ZoneId::of);
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, ZoneId> ZONES =
            new java.util.concurrent.ConcurrentHashMap<>();
}

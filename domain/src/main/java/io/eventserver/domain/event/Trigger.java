package io.eventserver.domain.event;

import io.eventserver.domain.common.Text;

/** The {@code trigger} section: what caused the event. */
public record Trigger(String type, String name) {

    public Trigger {
        Text.requireNonBlank(type, "trigger.type");
        Text.requireNonBlank(name, "trigger.name");
    }
}

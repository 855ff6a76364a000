package io.eventserver.domain.access;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import io.eventserver.domain.common.InvalidValue;

/** Some actions on the streams a pattern names. */
public record Grant(StreamPattern streams, Set<Action> actions) {

    /** Publish and consume on every stream: the rights of a user without grants (unless locked down). */
    public static final Grant EVERYTHING = new Grant(StreamPattern.ALL, EnumSet.allOf(Action.class));

    public Grant {
        Objects.requireNonNull(streams, "streams");
        if (actions == null || actions.isEmpty()) {
            throw new InvalidValue("actions must name at least one of publish, consume");
        }
        actions = Set.copyOf(actions);
    }

    public boolean allows(Action action, String streamName) {
        return actions.contains(action) && streams.matches(streamName);
    }

    /**
     * As the API writes a grant in a user document, e.g. {@code {"streams":"orders.*","actions":["consume"]}}
     * (actions in their declared order): what logs show. A pattern holds no character JSON would escape.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{\"streams\":\"").append(streams.value()).append("\",\"actions\":[");
        String separator = "";
        for (Action action : Action.values()) {
            if (actions.contains(action)) {
                text.append(separator).append('"').append(action.word()).append('"');
                separator = ",";
            }
        }
        return text.append("]}").toString();
    }
}

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
}

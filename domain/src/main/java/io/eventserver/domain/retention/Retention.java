package io.eventserver.domain.retention;

import java.util.Objects;
import java.util.Optional;

import io.eventserver.domain.common.InvalidValue;

/**
 * How long a stream keeps its events (issue 25): at most {@code maxEvents} of each event name (the newest stay) and
 * none received longer than {@code maxAge} ago; an empty limit is unlimited. Retention never renumbers: it removes
 * the oldest events of a name, so what stays of a name is always one run of sequences, from its first stored one to
 * its last.
 */
public record Retention(Optional<MaxAge> maxAge, Optional<Long> maxEvents) {

    /** Keeps everything. */
    public static final Retention UNLIMITED = new Retention(Optional.empty(), Optional.empty());

    public Retention {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(maxEvents, "maxEvents");
        if (maxEvents.isPresent() && maxEvents.get() < 1) {
            throw new InvalidValue("maxEvents must be an integer >= 1 or null");
        }
    }

    public boolean isUnlimited() {
        return maxAge.isEmpty() && maxEvents.isEmpty();
    }
}

package io.eventserver.application.model;

import java.time.Instant;
import java.util.Objects;

import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;

/** Which user a producer or consumer id belongs to, and since when. */
public record IdOwner(IdKind kind, String id, Login owner, Instant since) {

    public IdOwner {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(since, "since");
    }
}

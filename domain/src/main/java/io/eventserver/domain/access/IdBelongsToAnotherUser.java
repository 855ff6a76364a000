package io.eventserver.domain.access;

/** A user sent a producer or consumer id that another user claimed first (or was given by an admin). */
public final class IdBelongsToAnotherUser extends RuntimeException {

    public IdBelongsToAnotherUser(IdKind kind, String id) {
        super(kind + " " + id + " belongs to another user", null, false, false);
    }
}

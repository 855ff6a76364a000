package io.eventserver.application.service;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.eventserver.application.port.out.IdOwnership;

/** Test doubles of {@link IdOwnership}. */
final class Ownerships {

    private Ownerships() {
    }

    /** Every id is (or becomes) the asking user's. */
    static IdOwnership ownedByWhoeverAsks() {
        IdOwnership ownership = mock(IdOwnership.class);
        when(ownership.claim(any(), any(), any())).thenAnswer(invocation -> invocation.getArgument(2));
        return ownership;
    }
}

package io.eventserver.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The W3C Trace Context rules (ADR 65): what is kept, what is ignored. */
class TraceContextTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidTraceparentIsKeptAsSentWithItsTraceId() {
        TraceContext context = TraceContext.of(List.of(VALID), List.of()).orElseThrow();

        assertEquals(VALID, context.traceparent());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", context.traceId());
        assertEquals(Optional.empty(), context.tracestate());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-011",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473x-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
            " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    })
    void anInvalidTraceparentGivesNoTraceContext(String traceparent) {
        assertEquals(Optional.empty(), TraceContext.of(List.of(traceparent), List.of("a=b")));
    }

    @Test
    void twoTraceparentHeadersAreInvalid() {
        assertEquals(Optional.empty(), TraceContext.of(List.of(VALID, VALID), List.of()));
    }

    @Test
    void aFutureVersionIsReadByTheFieldsItShares() {
        String future = "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-adds";

        assertEquals(future, TraceContext.of(List.of(future), List.of()).orElseThrow().traceparent());
        assertTrue(TraceContext.of(List.of(future.substring(0, 55)), List.of()).isPresent());
        assertEquals(Optional.empty(), TraceContext.of(List.of("cc" + "-".repeat(300)), List.of()));
    }

    @Test
    void aTracestateIsKeptWithoutEmptyMembersAndSpacesAroundThem() {
        TraceContext context = TraceContext.of(List.of(VALID), List.of("rojo=00f067aa0ba902b7 , ,congo=t61rcWkgMzE",
                "tenant@vendor=x y")).orElseThrow();

        assertEquals(Optional.of("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,tenant@vendor=x y"), context.tracestate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Rojo=1", "rojo", "rojo=", "rojo=a=b", "rojo=1,rojo=2", "1abc=x", "a@=x", "a@B=x",
            "a@vendorvendorvendor=x", "k=\u00e9", "=x"})
    void anInvalidTracestateIsDroppedAndTheTraceparentKept(String tracestate) {
        TraceContext context = TraceContext.of(List.of(VALID), List.of(tracestate)).orElseThrow();

        assertEquals(Optional.empty(), context.tracestate());
    }

    @Test
    void moreThan32MembersAreInvalid() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            members.add("k" + i + "=v");
        }
        assertEquals(Optional.empty(), TraceContext.of(List.of(VALID), List.of(String.join(",", members)))
                .orElseThrow().tracestate());
        assertTrue(TraceContext.of(List.of(VALID), List.of(String.join(",", members.subList(0, 32))))
                .orElseThrow().tracestate().isPresent());
    }

    @Test
    void aStateLongerThan512IsCutLongMembersFirstThenFromTheEnd() {
        String longMember = "long=" + "x".repeat(200);
        List<String> members = new ArrayList<>(List.of("first=1", longMember));
        for (int i = 0; i < 20; i++) {
            members.add("m" + i + "=" + "y".repeat(20));
        }
        String state = TraceContext.of(List.of(VALID), List.of(String.join(",", members))).orElseThrow()
                .tracestate().orElseThrow();

        assertTrue(state.length() <= 512, state);
        assertTrue(state.startsWith("first=1,m0="), state);
        assertTrue(!state.contains("long="), state);
    }
}

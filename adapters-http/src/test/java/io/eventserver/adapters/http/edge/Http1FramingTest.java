package io.eventserver.adapters.http.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The framing decisions of {@link Http1Framing}, on scripted byte streams (no socket, no Helidon). */
class Http1FramingTest {

    private static final String POST = "POST /api/v1/streams/s/events HTTP/1.1\r\nHost: x\r\n";

    @Test
    void aRequestWithContentLengthIsReleasedAsReceivedAndNothingPastItsEnd() {
        Http1Framing framing = framing(POST + "Content-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: x\r\n\r\n");

        // head and body in one release when they arrived together
        assertEquals(POST + "Content-Length: 5\r\n\r\nhello", text(framing.get()));
        assertEquals(Http1Framing.Phase.IDLE, framing.phase());
        // the pipelined request comes only when asked for, as a request of its own
        assertEquals("GET / HTTP/1.1\r\nHost: x\r\n\r\n", text(framing.get()));
        assertNull(framing.get());
    }

    @Test
    void aBodyArrivingLaterIsReleasedAsItComes() {
        Http1Framing framing = framing(POST + "Content-Length: 5\r\n\r\nhe", "llo");

        assertEquals(POST + "Content-Length: 5\r\n\r\nhe", text(framing.get()));
        assertEquals(Http1Framing.Phase.BODY, framing.phase());
        assertEquals("llo", text(framing.get()));
        assertEquals(Http1Framing.Phase.IDLE, framing.phase());
    }

    @Test
    void aHeadArrivingByteByByteIsHeldBackUntilItIsComplete() {
        String head = "GET /observe/health HTTP/1.1\r\nHost: x\r\n\r\n";
        Deque<byte[]> bytes = new ArrayDeque<>();
        for (byte b : head.getBytes(StandardCharsets.US_ASCII)) {
            bytes.add(new byte[] {b});
        }
        Http1Framing framing = new Http1Framing(bytes::poll, 1024, System::nanoTime);

        assertEquals(head, text(framing.get()));
    }

    @Test
    void chunksAreReleasedInCanonicalFormWithExtensionsAndTrailersDropped() {
        Http1Framing framing = framing(POST + "Transfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n00000006 ; ext\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");

        assertEquals(POST + "Transfer-Encoding: chunked\r\n\r\n", text(framing.get()));
        assertEquals("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", text(framing.get()));
        assertEquals(Http1Framing.Phase.IDLE, framing.phase());
    }

    @Test
    void aChunkSplitOverManyReadsIsReleasedPieceByPiece() {
        Http1Framing framing = framing(POST + "Transfer-Encoding: chunked\r\n\r\n", "a\r\n0123", "456789\r", "\n0\r\n",
                "\r\n");

        framing.get();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (framing.phase() == Http1Framing.Phase.BODY) {
            body.writeBytes(framing.get());
        }
        assertEquals("4\r\n0123\r\n6\r\n456789\r\n0\r\n\r\n", body.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void contentLengthTogetherWithTransferEncodingIsRefused() {
        assertRefused(400, "Content-Length and Transfer-Encoding", POST
                + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertRefused(400, "Content-Length and Transfer-Encoding", POST
                + "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void contentLengthsThatDisagreeOrAreNotNumbersAreRefused() {
        assertRefused(400, "conflicting Content-Length", POST + "Content-Length: 5\r\nContent-Length: 3\r\n\r\n");
        assertRefused(400, "conflicting Content-Length", POST + "Content-Length: 5, 6\r\n\r\n");
        for (String value : List.of("-5", "abc", "+5", "5.0", "0x10", "", "99999999999999999999", "1 2")) {
            assertRefused(400, "non-negative integer", POST + "Content-Length: " + value + "\r\n\r\n");
        }
    }

    @Test
    void identicalContentLengthsBecomeOne() {
        Http1Framing framing = framing(POST + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}");

        assertEquals(POST + "Content-Length: 2\r\n\r\n", text(framing.get()));
        assertEquals("{}", text(framing.get()));
    }

    @Test
    void transferCodingsOtherThanChunkedAreNotImplemented() {
        assertRefused(501, "transfer coding xchunked is not supported", POST + "Transfer-Encoding: xchunked\r\n\r\n");
        assertRefused(501, "transfer coding gzip is not supported", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n");
        assertRefused(501, "(unreadable)", POST + "Transfer-Encoding: a b\r\n\r\n");
        assertRefused(400, "chunked, given once", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n");
    }

    @Test
    void spellingsOfChunkedThatAParserCouldMissAreMadeCanonical() {
        Http1Framing framing = framing(POST + "Transfer-Encoding: Chunked\r\n\r\n0\r\n\r\n");

        assertEquals(POST + "Transfer-Encoding: chunked\r\n\r\n", text(framing.get()));
        assertEquals("0\r\n\r\n", text(framing.get()));
    }

    @Test
    void headsThatCouldBeReadTwoWaysAreRefused() {
        assertRefused(400, "obsolete line folding", POST + "X-A: 1\r\n Transfer-Encoding: chunked\r\n\r\n");
        assertRefused(400, "whitespace", POST + "Transfer-Encoding : chunked\r\n\r\n");
        assertRefused(400, "CRLF", "GET / HTTP/1.1\nHost: x\r\n\r\n");
        assertRefused(400, "CRLF", "GET / HTTP/1.1\r\nHost: x\rX: y\r\n\r\n");
        assertRefused(400, "malformed header field", "GET / HTTP/1.1\r\nNo colon here\r\n\r\n");
        assertRefused(400, "Transfer-Encoding is not allowed", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void aHeadLargerThanTheLimitIsRefusedBeforeItEnds() {
        Http1Framing framing = new Http1Framing(
                source("GET / HTTP/1.1\r\nX-Filler: " + "x".repeat(600)), 512, System::nanoTime);

        FramingViolation refused = assertThrows(FramingViolation.class, framing::get);
        assertEquals(431, refused.status());
    }

    @Test
    void malformedChunksFailTheBody() {
        for (String chunk : List.of("zz\r\nabc\r\n", "-5\r\nabc\r\n", "ffffffffffffffff\r\nabc\r\n", " 5\r\nhello\r\n",
                "5x\r\nhello\r\n", "2\r\nabcdef\r\n", "3\nabc\r\n", "3;\u0001\r\nabc\r\n")) {
            Http1Framing framing = framing(POST + "Transfer-Encoding: chunked\r\n\r\n" + chunk + "0\r\n\r\n");
            framing.get();

            assertThrows(MalformedBody.class, framing::get, chunk);
        }
    }

    @Test
    void http10IsServedAsHttp11ThatClosesAfterTheResponse() {
        Http1Framing framing = framing("GET /observe/health/live HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                + "GET /second HTTP/1.0\r\n\r\n");

        assertEquals("GET /observe/health/live HTTP/1.1\r\nConnection: close\r\nHost: localhost\r\n\r\n",
                text(framing.get()));
        assertThrows(Http1Framing.ConnectionEnds.class, framing::get, "the next request is never read");
    }

    @Test
    void connectionCloseOnTheRequestOrTheResponseEndsTheConnectionAfterIt() {
        Http1Framing byRequest = framing("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n\r\n");
        byRequest.get();
        assertThrows(Http1Framing.ConnectionEnds.class, byRequest::get);

        Http1Framing byResponse = framing("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
        byResponse.get();
        byResponse.responding(true);
        assertThrows(Http1Framing.ConnectionEnds.class, byResponse::get);
    }

    @Test
    void afterAnAnswerThatClosesNothingOfTheUnreadBodyIsReleasedAndTheRestIsDropped() {
        String hidden = "POST /api/v1/streams/hidden/events HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";
        String body = "[" + hidden + "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n";
        Deque<byte[]> reads = new ArrayDeque<>(List.of(
                bytes(POST + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 10)),
                bytes(body.substring(10, 40)), bytes(body.substring(40)),
                bytes("GET /after-the-body HTTP/1.1\r\nHost: x\r\n\r\n")));
        Http1Framing framing = new Http1Framing(reads::poll, 20 * 1024, System::nanoTime);

        assertEquals(POST + "Content-Length: " + body.length() + "\r\n\r\n[" + hidden.substring(0, 9),
                text(framing.get()));
        // the handler answers 413 with Connection: close before it reads the rest of the body
        framing.responding(true);

        assertThrows(Http1Framing.ConnectionEnds.class, framing::get, "nothing more is released");
        assertEquals(Http1Framing.Phase.CLOSED, framing.phase());
        assertEquals(1, reads.size(), "the body was read to its end, and not a byte past it");
        assertThrows(Http1Framing.ConnectionEnds.class, framing::get);
    }

    @Test
    void aChunkedBodyLeftUnreadByAnAnswerThatClosesIsDroppedToItsEnd() {
        Deque<byte[]> reads = new ArrayDeque<>(List.of(
                bytes(POST + "Transfer-Encoding: chunked\r\n\r\n"),
                bytes("5\r\n[GET \r\n20\r\n/api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n\r\n"), bytes("0\r\n\r\n"),
                bytes("GET /after-the-body HTTP/1.1\r\nHost: x\r\n\r\n")));
        Http1Framing framing = new Http1Framing(reads::poll, 20 * 1024, System::nanoTime);

        framing.get();
        framing.responding(true);

        assertThrows(Http1Framing.ConnectionEnds.class, framing::get);
        assertEquals(1, reads.size(), "read to the last chunk, and not a byte past it");
    }

    @Test
    void emptyLinesBeforeARequestAreSkipped() {
        Http1Framing framing = framing("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");

        assertEquals("GET / HTTP/1.1\r\nHost: x\r\n\r\n", text(framing.get()));
    }

    @Test
    void thePhaseTellsTheWatchdogWhatIsAwaited() {
        Deque<byte[]> parts = new ArrayDeque<>(List.of(bytes("GET / HT")));
        long[] now = {1_000};
        Http1Framing framing = new Http1Framing(() -> {
            if (parts.isEmpty()) {
                return null;
            }
            now[0] += 5;
            return parts.poll();
        }, 1024, () -> now[0]);

        assertNull(framing.get());
        assertEquals(Http1Framing.Phase.HEAD, framing.phase());
        assertEquals(1_005, framing.phaseStartedNanos(), "the head's time starts with its first byte");
        assertTrue(!framing.waitingForBytes());
    }

    private static void assertRefused(int status, String message, String request) {
        FramingViolation refused = assertThrows(FramingViolation.class, () -> framing(request).get(), request);
        assertEquals(status, refused.status(), request);
        assertTrue(refused.getMessage().contains(message), refused.getMessage());
    }

    private static Http1Framing framing(String... reads) {
        return new Http1Framing(source(reads), 20 * 1024, System::nanoTime);
    }

    private static java.util.function.Supplier<byte[]> source(String... reads) {
        Deque<byte[]> parts = new ArrayDeque<>();
        for (String read : reads) {
            parts.add(bytes(read));
        }
        return parts::poll;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}

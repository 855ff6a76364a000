package io.eventserver.adapters.http.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.eventserver.adapters.http.errors.ErrorResponses;
import io.eventserver.adapters.http.errors.ErrorWriter;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The framing decisions of the edge (ADR 18, 50) on the wire: a Helidon server with {@link Http1Edge} installed,
 * the adapter's error answers, and two routes ({@code POST /echo} answers the body it read, {@code GET /} answers
 * {@code "OK"}), driven over raw sockets. These are the wire cases of the former {@code Http1FramingTest}, which
 * tested a head parser of our own that no longer exists; each asserts the answer that test asserted.
 */
class Http1EdgeTest {

    private static final String POST = "POST /echo HTTP/1.1\r\nHost: x\r\n";
    private static final String HIDDEN_REQUEST = "GET /hidden HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final AtomicInteger HIDDEN = new AtomicInteger();
    private static WebServer server;
    private static Http1Edge edge;

    @BeforeAll
    static void start() {
        WebServerConfig.Builder builder = WebServer.builder().port(0).host("127.0.0.1")
                .directHandlers(ErrorResponses.directHandlers())
                .errorHandling(ErrorHandling.builder().includeEntity(true).build())
                .idleConnectionPeriod(Duration.ofMillis(200))
                .routing(routing -> {
                    routing.post("/echo", (req, res) -> ErrorWriter.send(res, Status.OK_200,
                            req.content().as(String.class)));
                    routing.get("/", (req, res) -> ErrorWriter.send(res, Status.OK_200, "OK"));
                    routing.get("/hidden", (req, res) -> ErrorWriter.send(res, Status.OK_200,
                            "hidden " + HIDDEN.incrementAndGet()));
                    // answers before it reads the body, and closes: as the API's 413
                    routing.post("/closes", (req, res) -> {
                        res.header(HeaderValues.CONNECTION_CLOSE);
                        ErrorWriter.send(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "Payload Too Large - no");
                    });
                    routing.get("/bye", (req, res) -> {
                        res.header(HeaderValues.CONNECTION_CLOSE);
                        ErrorWriter.send(res, Status.OK_200, "bye");
                    });
                    ErrorResponses.register(routing);
                });
        edge = Http1Edge.install(builder, Http1Config.builder().receiveLog(false).sendLog(false),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 1000, 16, Metrics.globalRegistry());
        server = builder.build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        edge.close();
    }

    @Test
    void aRequestWithContentLengthIsAnsweredAndThePipelinedOneAfterIt() throws Exception {
        List<Answer> answers = exchange(POST + "Content-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: x\r\n\r\n", 2);

        assertEquals("\"hello\"", answers.get(0).body());
        assertEquals("\"OK\"", answers.get(1).body());
    }

    @Test
    void aHeadArrivingByteByByteIsAnswered() throws Exception {
        try (Socket socket = connect()) {
            for (byte b : "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
            }
            assertEquals(200, read(socket.getInputStream()).status());
        }
    }

    @Test
    void chunksWithExtensionsAndTrailersAreReadAndTheirTrailersDropped() throws Exception {
        Answer answer = exchange(POST + "Transfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n00000006 ; ext\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n", 1).getFirst();

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("\"hello world\"", answer.body());
    }

    @Test
    void aChunkSplitOverManyWritesIsRead() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            for (String part : List.of(POST + "Transfer-Encoding: chunked\r\n\r\n", "a\r\n0123", "456789\r", "\n0\r\n",
                    "\r\n")) {
                out.write(part.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(20);
            }
            assertEquals("\"0123456789\"", read(socket.getInputStream()).body());
        }
    }

    @Test
    void contentLengthTogetherWithTransferEncodingIsRefused() throws Exception {
        assertRefused(400, "Content-Length and Transfer-Encoding", POST
                + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertRefused(400, "Content-Length and Transfer-Encoding", POST
                + "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void contentLengthsThatDisagreeOrAreNotNumbersAreRefused() throws Exception {
        assertRefused(400, "conflicting Content-Length", POST + "Content-Length: 5\r\nContent-Length: 3\r\n\r\n");
        assertRefused(400, "conflicting Content-Length", POST + "Content-Length: 5, 6\r\n\r\n");
        for (String value : List.of("-5", "abc", "+5", "5.0", "0x10", "", "99999999999999999999", "1 2")) {
            assertRefused(400, "non-negative integer", POST + "Content-Length: " + value + "\r\n\r\n");
        }
    }

    @Test
    void identicalContentLengthsBecomeOne() throws Exception {
        Answer answer = exchange(POST + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}", 1).getFirst();

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("\"{}\"", answer.body());
    }

    @Test
    void transferCodingsOtherThanChunkedAreNotImplemented() throws Exception {
        assertRefused(501, "transfer coding xchunked is not supported", POST + "Transfer-Encoding: xchunked\r\n\r\n");
        assertRefused(501, "transfer coding gzip is not supported", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n");
        assertRefused(501, "(unreadable)", POST + "Transfer-Encoding: a b\r\n\r\n");
        assertRefused(400, "chunked, given once", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n");
    }

    @Test
    void spellingsOfChunkedThatAParserCouldMissAreRead() throws Exception {
        Answer answer = exchange(POST + "Transfer-Encoding: Chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 1).getFirst();

        assertEquals("\"{}\"", answer.body(), answer.toString());
    }

    @Test
    void headsThatCouldBeReadTwoWaysAreRefused() throws Exception {
        assertRefused(400, "obsolete line folding", POST + "X-A: 1\r\n Transfer-Encoding: chunked\r\n\r\n");
        assertRefused(400, "whitespace", POST + "Transfer-Encoding : chunked\r\n\r\n");
        assertRefused(400, "CRLF", "GET / HTTP/1.1\nHost: x\r\n\r\n");
        assertRefused(400, "CRLF", "GET / HTTP/1.1\r\nHost: x\rX: y\r\n\r\n");
        assertRefused(400, "malformed header field", "GET / HTTP/1.1\r\nNo colon here\r\n\r\n");
        assertRefused(400, "Transfer-Encoding is not allowed", "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void aHeadLargerThanTheLimitIsRefused() throws Exception {
        assertRefused(431, "the request head must be at most", "GET / HTTP/1.1\r\nHost: x\r\nX-Filler: "
                + "x".repeat(20 * 1024) + "\r\n\r\n");
    }

    @Test
    void malformedChunksFailTheBody() throws Exception {
        for (String chunk : List.of("zz\r\nabc\r\n", "-5\r\nabc\r\n", "ffffffffffffffff\r\nabc\r\n", " 5\r\nhello\r\n",
                "5x\r\nhello\r\n", "2\r\nabcdef\r\n", "3\nabc\r\n", "3;\u0001\r\nabc\r\n")) {
            Answer answer = exchange(POST + "Transfer-Encoding: chunked\r\n\r\n" + chunk + "0\r\n\r\n", 1).getFirst();

            assertEquals(400, answer.status(), chunk + ": " + answer);
            assertTrue(answer.closed(), chunk);
        }
    }

    @Test
    void http10IsServedAndTheNextRequestIsNeverRead() throws Exception {
        List<Answer> answers = exchange("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /second HTTP/1.0\r\n\r\n",
                2);

        assertEquals(1, answers.size(), answers.toString());
        assertEquals(200, answers.getFirst().status());
        assertTrue(answers.getFirst().closed());
    }

    @Test
    void connectionCloseOnTheRequestEndsTheConnectionAfterIt() throws Exception {
        List<Answer> answers = exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n\r\n", 2);

        assertEquals(1, answers.size(), answers.toString());
        assertTrue(answers.getFirst().closed());
    }

    @Test
    void connectionCloseOnTheResponseEndsTheConnectionAfterIt() throws Exception {
        List<Answer> answers = exchange("GET /bye HTTP/1.1\r\nHost: x\r\n\r\n" + HIDDEN_REQUEST, 2);

        assertEquals(1, answers.size(), answers.toString());
        assertTrue(answers.getFirst().closed());
        assertEquals(0, HIDDEN.get(), "the pipelined request never ran");
    }

    @Test
    void afterAnAnswerThatClosesNothingOfTheUnreadBodyIsParsedAndTheRestIsDropped() throws Exception {
        String body = "[" + HIDDEN_REQUEST.repeat(50);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /closes HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n"
                    + body.substring(0, 10)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(50);
            out.write((body.substring(10) + HIDDEN_REQUEST).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Answer answer = read(socket.getInputStream());

            assertEquals(413, answer.status(), answer.toString());
            assertTrue(answer.closed(), "nothing more is answered");
        }
        assertEquals(0, HIDDEN.get(), "no request hidden in the body, or after it, ran");
    }

    @Test
    void aChunkedBodyLeftUnreadByAnAnswerThatClosesIsDroppedToItsEnd() throws Exception {
        String chunk = "[" + HIDDEN_REQUEST;
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /closes HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n" + HIDDEN_REQUEST)
                    .getBytes(StandardCharsets.US_ASCII));
            Answer answer = read(socket.getInputStream());

            assertEquals(413, answer.status(), answer.toString());
            assertTrue(answer.closed());
        }
        assertEquals(0, HIDDEN.get());
    }

    @Test
    void anHttp11RequestNeedsOneValidHost() throws Exception {
        for (String hosts : List.of("", "Host: x\r\nHost: y\r\n", "Host: \r\n", "Host: a b\r\n", "Host: x:port\r\n",
                "Host: [::1\r\n")) {
            assertRefused(400, "Bad Request - malformed HTTP request", "GET / HTTP/1.1\r\n" + hosts + "\r\n");
        }
        for (String host : List.of("x", "x:8080", "[::1]", "[::1]:8080", "127.0.0.1:1")) {
            assertEquals(200, exchange("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 1).getFirst().status(), host);
        }
    }

    @Test
    void emptyLinesBeforeARequestAreSkipped() throws Exception {
        assertEquals(200, exchange("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", 1).getFirst().status());
    }

    @Test
    void aHeadThatStopsHalfwayIsAnswered408() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
            Answer answer = read(socket.getInputStream());

            assertEquals(408, answer.status(), answer.toString());
            assertEquals("\"Request Timeout - the request did not arrive in time\"", answer.body());
            assertTrue(answer.closed());
        }
    }

    private static void assertRefused(int status, String message, String request) throws IOException {
        Answer answer = exchange(request, 1).getFirst();
        assertEquals(status, answer.status(), request + " -> " + answer);
        assertTrue(answer.body().contains(message), request + " -> " + answer);
        assertTrue(answer.head().contains("application/json; charset=utf-8"), answer.head());
        assertTrue(answer.closed(), request);
    }

    record Answer(int status, String head, String body, boolean closed) {
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** Sends {@code request}, then reads up to {@code count} answers until the server closes. */
    private static List<Answer> exchange(String request, int count) throws IOException {
        try (Socket socket = connect()) {
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // the server may answer and close before all of it was sent
            }
            List<Answer> answers = new ArrayList<>();
            while (answers.size() < count) {
                Answer answer = read(socket.getInputStream());
                if (answer.status() == 0) {
                    break;
                }
                answers.add(answer);
                if (answer.closed()) {
                    break;
                }
            }
            return answers;
        }
    }

    /** One answer, and whether the connection ends right after it (a 1 s wait for more). */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b != -1 && matched < 4; b = matched < 4 ? in.read() : -1) {
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
            return new Answer(0, "", "", true);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
        String body = new String(in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0),
                StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(text.substring(9, 12)), text, body, closedAfter(in, text));
    }

    private static boolean closedAfter(InputStream in, String head) throws IOException {
        if (!head.toLowerCase().contains("connection: close")) {
            return false;
        }
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}

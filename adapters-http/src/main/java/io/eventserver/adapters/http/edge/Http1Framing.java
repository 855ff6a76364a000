package io.eventserver.adapters.http.edge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The framing of HTTP/1.1 requests on one connection, decided here once, before Helidon's parser sees a byte
 * (ADR 18). It sits between the socket and Helidon's reader: it holds each request head back until it is complete,
 * checks the headers that decide where the message ends (RFC 9112 §6), and releases the request to Helidon in a
 * form that Helidon's parser reads the same way: a single {@code Content-Length}, or a body in canonical chunks
 * (sizes in plain hex, no extensions, no trailers). So the server and every proxy in front of it agree on where a
 * request ends, and Helidon's own chunk parser never sees client-chosen sizes.
 * <p>
 * One {@link #get} never releases bytes past the end of the current request. Helidon therefore asks again before
 * it reads the next request, and that is where a connection that must close ({@code Connection: close}, HTTP/1.0,
 * a response that closed) is ended instead — pipelined requests behind it are never read. Once a response that
 * closes the connection is on its way, not one more byte is released, also when the answered request's body has
 * not all arrived (a 413 answered before the body is read): the rest of that body is read and dropped, at most
 * {@link #DRAIN_LIMIT} bytes, so that the client, still sending, gets to read its answer instead of a reset; then
 * the connection ends. Before, Helidon, which does not read the body of a request whose answer closes, asked for
 * its next request and got the unread body, and requests hidden in it ran.
 * <p>
 * The phase and the time it began are visible to the {@link EdgeGuard}'s watchdog, which closes connections whose
 * head or body does not arrive in time. Not thread-safe otherwise: the connection's own thread calls {@link #get}.
 */
final class Http1Framing implements Supplier<byte[]> {

    /** Where the connection is; volatile fields below make it visible to the watchdog. */
    enum Phase {
        /** Between requests: nothing of the next request has arrived. */
        IDLE,
        /** Part of a request head has arrived. */
        HEAD,
        /** The head was released; its body is being read. */
        BODY,
        /** Nothing more may be read on this connection. */
        CLOSED
    }

    private static final byte[] HTTP_11 = " HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_10 = " HTTP/1.0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST = "host".getBytes(StandardCharsets.US_ASCII);
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] CRLF = {CR, LF};
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CHUNK_LINE = 4096;
    private static final int MAX_TRAILERS = 16 * 1024;
    /** The most of an answered request's unread body that is read and dropped before its connection closes. */
    static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    private enum Chunked { SIZE, DATA, DATA_END, TRAILERS }

    private final Supplier<byte[]> source;
    private final int maxHeadBytes;
    private final LongSupplier nanoClock;

    /** Received bytes not yet released: {@code pending[from, to)}. */
    private byte[] pending = EMPTY;
    private int from;
    private int to;
    private int headScanned;

    private volatile Phase phase = Phase.IDLE;
    private volatile long phaseStartedNanos;
    private volatile boolean waitingForBytes;
    private volatile boolean closeAfterResponse;
    private volatile boolean responded;

    private boolean closeAfterRequest;
    private boolean chunkedBody;
    private long bodyRemaining;
    private Chunked chunkState;
    private int trailerBytes;

    Http1Framing(Supplier<byte[]> source, int maxHeadBytes, LongSupplier nanoClock) {
        this.source = source;
        this.maxHeadBytes = maxHeadBytes;
        this.nanoClock = nanoClock;
        this.phaseStartedNanos = nanoClock.getAsLong();
    }

    /**
     * The next bytes for Helidon's parser.
     *
     * @return the bytes, or null at the end of the stream
     * @throws FramingViolation  when a request head is not acceptable (nothing of it was released)
     * @throws MalformedBody     when a chunked body is malformed (the request's handler is reading it)
     * @throws ConnectionEnds    when the connection must close before another request is read
     */
    @Override
    public byte[] get() {
        while (true) {
            if (closeAfterResponse && phase == Phase.BODY) {
                drainBody();
            }
            if (phase == Phase.IDLE && (closeAfterRequest || closeAfterResponse)) {
                phase = Phase.CLOSED;
            }
            if (phase == Phase.CLOSED) {
                throw new ConnectionEnds();
            }
            byte[] out = release();
            if (out != null) {
                if (from == to) {
                    // everything received is released: hold no buffer while the connection waits (it would
                    // outlive young collections on an idle keep-alive connection and be promoted for nothing)
                    pending = EMPTY;
                    from = 0;
                    to = 0;
                    headScanned = 0;
                }
                return out;
            }
            if (!receive()) {
                return null;
            }
        }
    }

    /** The response to the current request is being sent; {@code closes} when it says {@code Connection: close}. */
    void responding(boolean closes) {
        responded = true;
        if (closes) {
            closeAfterResponse = true;
        }
    }

    /** True once the current request's response is on its way (its body may still be arriving). */
    boolean responded() {
        return responded;
    }

    /** Nothing more may be read; the next {@link #get} ends the connection. */
    void close() {
        phase = Phase.CLOSED;
    }

    Phase phase() {
        return phase;
    }

    /** Nanoseconds (of the clock given at construction) when the current phase began. */
    long phaseStartedNanos() {
        return phaseStartedNanos;
    }

    /** True while the connection's thread waits for the client's next bytes. */
    boolean waitingForBytes() {
        return waitingForBytes;
    }

    /**
     * After a response that closes the connection: reads and drops what is left of the answered request's body (up to
     * its end, at most {@link #DRAIN_LIMIT} bytes, or until the client stops sending), releasing nothing, and closes.
     * The watchdog's body time-out still bounds how long this waits for bytes.
     */
    private void drainBody() {
        long dropped = 0;
        try {
            while (phase == Phase.BODY && dropped <= DRAIN_LIMIT) {
                int before = to - from;
                if (chunkedBody) {
                    releaseChunks();
                } else {
                    int length = (int) Math.min(to - from, bodyRemaining);
                    from += length;
                    bodyRemaining -= length;
                    if (bodyRemaining == 0) {
                        endOfMessage();
                    }
                }
                dropped += before - (to - from);
                if (phase == Phase.BODY && !receive()) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // a malformed chunk (where the body ends is unknown), or the client went away: the connection just closes
        }
        phase = Phase.CLOSED;
        pending = EMPTY;
        from = 0;
        to = 0;
    }

    private boolean receive() {
        byte[] bytes;
        waitingForBytes = true;
        try {
            bytes = source.get();
        } finally {
            waitingForBytes = false;
        }
        if (bytes == null) {
            return false;
        }
        if (from == to) {
            pending = bytes;
            from = 0;
            to = bytes.length;
        } else {
            byte[] joined = Arrays.copyOfRange(pending, from, to + bytes.length);
            System.arraycopy(bytes, 0, joined, to - from, bytes.length);
            headScanned -= from;
            pending = joined;
            to = joined.length;
            from = 0;
        }
        return true;
    }

    /** Releases what the pending bytes allow in the current phase, or null when more must be received. */
    private byte[] release() {
        return switch (phase) {
            case IDLE -> startHead() ? releaseHead() : null;
            case HEAD -> releaseHead();
            case BODY -> chunkedBody ? releaseChunks() : releaseLength();
            case CLOSED -> throw new ConnectionEnds();
        };
    }

    /** Skips empty lines before a request (RFC 9112 §2.2); true when a head has begun. */
    private boolean startHead() {
        while (to - from >= 2 && pending[from] == CR && pending[from + 1] == LF) {
            from += 2;
        }
        if (from == to || to - from == 1 && pending[from] == CR) {
            return false;
        }
        phase = Phase.HEAD;
        phaseStartedNanos = nanoClock.getAsLong();
        headScanned = from;
        return true;
    }

    private byte[] releaseHead() {
        int end = -1;
        for (int i = Math.max(from, headScanned - 3); i + 3 < to; i++) {
            if (pending[i] == CR && pending[i + 1] == LF && pending[i + 2] == CR && pending[i + 3] == LF) {
                end = i + 4;
                break;
            }
        }
        if (end < 0) {
            headScanned = to;
            if (to - from > maxHeadBytes) {
                throw FramingViolation.headTooLarge(maxHeadBytes);
            }
            return null;
        }
        if (end - from > maxHeadBytes) {
            throw FramingViolation.headTooLarge(maxHeadBytes);
        }
        int start = from;
        byte[] rewritten = head(start, end);
        from = end;
        responded = false;
        phaseStartedNanos = nanoClock.getAsLong();
        phase = chunkedBody || bodyRemaining > 0 ? Phase.BODY : Phase.IDLE;
        chunkState = Chunked.SIZE;
        trailerBytes = 0;
        if (rewritten != null) {
            return rewritten;
        }
        if (!chunkedBody && bodyRemaining > 0) {
            // the body that has arrived with its head goes in the same release: the common request is one read
            int body = (int) Math.min(to - from, bodyRemaining);
            from += body;
            bodyRemaining -= body;
            if (bodyRemaining == 0) {
                endOfMessage();
            }
        }
        return start == 0 && from == pending.length ? pending : Arrays.copyOfRange(pending, start, from);
    }

    private byte[] releaseLength() {
        if (from == to) {
            return null;
        }
        int length = (int) Math.min(to - from, bodyRemaining);
        byte[] out = from == 0 && length == pending.length ? pending : Arrays.copyOfRange(pending, from, from + length);
        from += length;
        bodyRemaining -= length;
        if (bodyRemaining == 0) {
            endOfMessage();
        }
        return out;
    }

    /** Re-frames the chunks that have arrived as canonical chunks; null when a whole piece is not there yet. */
    private byte[] releaseChunks() {
        Output out = new Output();
        while (from < to && phase == Phase.BODY) {
            switch (chunkState) {
                case SIZE -> {
                    int lineEnd = lineEnd(MAX_CHUNK_LINE, "the chunk size line is too long");
                    if (lineEnd < 0) {
                        return out.bytesOrNull();
                    }
                    long size = chunkSize(pending, from, lineEnd);
                    from = lineEnd + 2;
                    if (size == 0) {
                        chunkState = Chunked.TRAILERS;
                    } else {
                        bodyRemaining = size;
                        chunkState = Chunked.DATA;
                    }
                }
                case DATA -> {
                    int length = (int) Math.min(to - from, bodyRemaining);
                    out.write(Integer.toHexString(length).getBytes(StandardCharsets.US_ASCII));
                    out.write(CRLF);
                    out.write(pending, from, length);
                    out.write(CRLF);
                    from += length;
                    bodyRemaining -= length;
                    if (bodyRemaining == 0) {
                        chunkState = Chunked.DATA_END;
                    }
                }
                case DATA_END -> {
                    if (to - from < 2) {
                        if (pending[from] != CR) {
                            throw new MalformedBody("chunk data is longer than its declared size");
                        }
                        return out.bytesOrNull();
                    }
                    if (pending[from] != CR || pending[from + 1] != LF) {
                        throw new MalformedBody("chunk data is longer than its declared size");
                    }
                    from += 2;
                    chunkState = Chunked.SIZE;
                }
                case TRAILERS -> {
                    int lineEnd = lineEnd(MAX_TRAILERS - trailerBytes, "the chunked body's trailer section is too large");
                    if (lineEnd < 0) {
                        return out.bytesOrNull();
                    }
                    trailerBytes += lineEnd + 2 - from;
                    boolean last = lineEnd == from;
                    from = lineEnd + 2;
                    if (last) {
                        // trailer fields are dropped: nothing of ours reads them, and they must not become headers
                        out.write(LAST_CHUNK);
                        endOfMessage();
                    }
                }
                default -> throw new IllegalStateException(chunkState.name());
            }
        }
        return out.bytesOrNull();
    }

    /** Index of the CR of the next CRLF within {@code limit} bytes; -1 when it has not arrived yet. */
    private int lineEnd(int limit, String tooLong) {
        for (int i = from; i < to; i++) {
            if (i - from > limit) {
                throw new MalformedBody(tooLong);
            }
            if (pending[i] == LF) {
                throw new MalformedBody("a line of the chunked body does not end with CRLF");
            }
            if (pending[i] == CR) {
                if (i + 1 == to) {
                    return -1;
                }
                if (pending[i + 1] != LF) {
                    throw new MalformedBody("a line of the chunked body does not end with CRLF");
                }
                return i;
            }
        }
        if (to - from > limit) {
            throw new MalformedBody(tooLong);
        }
        return -1;
    }

    /**
     * {@code chunk-size [chunk-ext]} (RFC 9112 §7.1): hex digits, then optionally {@code ;} extensions, which are
     * accepted and ignored. Sizes above 2^31-1 are refused: no accepted body comes near that.
     */
    static long chunkSize(byte[] line, int start, int end) {
        int i = start;
        long size = 0;
        while (i < end && hexValue(line[i]) >= 0) {
            size = size * 16 + hexValue(line[i]);
            if (size > Integer.MAX_VALUE) {
                throw new MalformedBody("the chunk size is too large");
            }
            i++;
        }
        if (i == start) {
            throw new MalformedBody("invalid chunk size");
        }
        while (i < end && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        if (i < end && line[i] != ';') {
            throw new MalformedBody("invalid chunk size");
        }
        for (; i < end; i++) {
            if (line[i] < 0x20 && line[i] != '\t' || line[i] == 0x7F) {
                throw new MalformedBody("invalid chunk extension");
            }
        }
        return size;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private void endOfMessage() {
        phase = Phase.IDLE;
        phaseStartedNanos = nanoClock.getAsLong();
    }

    /**
     * Checks the head {@code pending[start, end)} (ending with its empty line) and sets this request's framing.
     * One pass over the bytes, without allocating for headers other than the framing ones.
     *
     * @return null to release the head as received; otherwise the head to release instead, rewritten because the
     *         framing headers need a canonical form or the request is HTTP/1.0
     */
    private byte[] head(int start, int end) {
        int requestLineEnd = lineEndInHead(start, end);
        boolean http11 = endsWithVersion(start, requestLineEnd, HTTP_11);
        boolean http10 = !http11 && endsWithVersion(start, requestLineEnd, HTTP_10);

        long contentLength = -1;
        int contentLengthValues = 0;
        int contentLengthLines = 0;
        List<String> codings = null;
        int transferEncodingLines = 0;
        boolean canonicalChunked = false;
        boolean connectionClose = false;
        boolean host = false;
        for (int line = requestLineEnd + 2; line < end - 2; ) {
            int lineEnd = lineEndInHead(line, end);
            if (pending[line] == ' ' || pending[line] == '\t') {
                throw FramingViolation.badRequest("obsolete line folding is not allowed");
            }
            int colon = indexOfColon(line, lineEnd);
            if (colon <= line) {
                throw FramingViolation.badRequest("malformed header field");
            }
            for (int i = line; i < colon; i++) {
                if (pending[i] == ' ' || pending[i] == '\t') {
                    throw FramingViolation.badRequest("no whitespace is allowed in or after a header field name");
                }
            }
            if (nameIs(line, colon, CONTENT_LENGTH)) {
                contentLengthLines++;
                for (String value : list(value(colon, lineEnd))) {
                    long length = contentLength(value);
                    if (contentLength >= 0 && contentLength != length) {
                        throw FramingViolation.badRequest("conflicting Content-Length values");
                    }
                    contentLength = length;
                    contentLengthValues++;
                }
            } else if (nameIs(line, colon, TRANSFER_ENCODING)) {
                transferEncodingLines++;
                String value = value(colon, lineEnd);
                canonicalChunked = value.equals("chunked");
                codings = codings == null ? new ArrayList<>() : codings;
                for (String coding : list(value)) {
                    codings.add(coding.toLowerCase(Locale.ROOT));
                }
            } else if (nameIs(line, colon, CONNECTION)) {
                for (String option : list(value(colon, lineEnd))) {
                    connectionClose |= option.equalsIgnoreCase("close");
                }
            } else if (nameIs(line, colon, HOST)) {
                host = true;
            }
            line = lineEnd + 2;
        }

        chunkedBody = false;
        bodyRemaining = 0;
        if (!http10 && !http11) {
            // Helidon answers an unsupported version itself and closes; no body is read
            closeAfterRequest = true;
            return null;
        }
        if (transferEncodingLines > 0 && contentLengthLines > 0) {
            throw FramingViolation.badRequest("Content-Length and Transfer-Encoding must not both be present");
        }
        if (codings != null) {
            if (http10) {
                throw FramingViolation.badRequest("Transfer-Encoding is not allowed in an HTTP/1.0 request");
            }
            for (String coding : codings) {
                if (!coding.equals("chunked")) {
                    throw FramingViolation.notImplemented(coding);
                }
            }
            if (codings.size() != 1) {
                throw FramingViolation.badRequest("Transfer-Encoding must be chunked, given once");
            }
            chunkedBody = true;
        }
        if (contentLengthLines > 0) {
            bodyRemaining = contentLength;
        }
        closeAfterRequest = connectionClose || http10;
        boolean rewrite = http10 || contentLengthLines > 1 || contentLengthValues > 1
                || chunkedBody && (transferEncodingLines > 1 || !canonicalChunked);
        return rewrite ? rewritten(lines(start, end), http10, host) : null;
    }

    /** The CR of the CRLF that ends the line starting at {@code from}; a bare CR or LF is refused. */
    private int lineEndInHead(int from, int end) {
        for (int i = from; i < end - 1; i++) {
            byte b = pending[i];
            if (b == LF || b == CR && pending[i + 1] != LF) {
                throw FramingViolation.badRequest("a line of the request head does not end with CRLF");
            }
            if (b == CR) {
                return i;
            }
        }
        throw new IllegalStateException("a head always ends with an empty line");
    }

    private int indexOfColon(int from, int lineEnd) {
        for (int i = from; i < lineEnd; i++) {
            if (pending[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    private boolean endsWithVersion(int lineStart, int lineEnd, byte[] version) {
        return lineEnd - lineStart >= version.length
                && Arrays.equals(pending, lineEnd - version.length, lineEnd, version, 0, version.length);
    }

    /** Whether {@code pending[from, to)} is {@code lowerCaseName}, ignoring ASCII case. */
    private boolean nameIs(int from, int to, byte[] lowerCaseName) {
        if (to - from != lowerCaseName.length) {
            return false;
        }
        for (int i = 0; i < lowerCaseName.length; i++) {
            if ((pending[from + i] | 0x20) != lowerCaseName[i]) {
                return false;
            }
        }
        return true;
    }

    private static long contentLength(String value) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw FramingViolation.badRequest("Content-Length must be a non-negative integer");
        }
        return Long.parseLong(value);
    }

    /** The lines of the head {@code pending[start, end)} as {from, to} pairs (CRLF excluded), for a rewrite. */
    private List<int[]> lines(int start, int end) {
        List<int[]> lines = new ArrayList<>();
        for (int line = start; line < end - 2; ) {
            int lineEnd = lineEndInHead(line, end);
            lines.add(new int[] {line, lineEnd});
            line = lineEnd + 2;
        }
        return lines;
    }

    /**
     * The head with one canonical framing header, and for HTTP/1.0 the version of HTTP/1.1 with
     * {@code Connection: close} (and a {@code Host} when it had none), so that Helidon serves it and then closes.
     */
    private byte[] rewritten(List<int[]> lines, boolean http10, boolean host) {
        int[] requestLine = lines.getFirst();
        Output out = new Output();
        int versionStart = requestLine[1] - "HTTP/1.0".length();
        out.write(pending, requestLine[0], (http10 ? versionStart : requestLine[1]) - requestLine[0]);
        if (http10) {
            out.write("HTTP/1.1".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(CRLF);
        for (int n = 1; n < lines.size(); n++) {
            int[] line = lines.get(n);
            int colon = indexOfColon(line[0], line[1]);
            if (nameIs(line[0], colon, CONTENT_LENGTH) || nameIs(line[0], colon, TRANSFER_ENCODING)
                    || http10 && nameIs(line[0], colon, CONNECTION)) {
                continue;
            }
            out.write(pending, line[0], line[1] - line[0]);
            out.write(CRLF);
        }
        String framing = chunkedBody ? "Transfer-Encoding: chunked\r\n"
                : bodyRemaining > 0 ? "Content-Length: " + bodyRemaining + "\r\n" : "";
        out.write(framing.getBytes(StandardCharsets.US_ASCII));
        if (http10) {
            out.write("Connection: close\r\n".getBytes(StandardCharsets.US_ASCII));
            if (!host) {
                out.write("Host: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.write(CRLF);
        return out.bytesOrNull();
    }

    private String value(int colon, int lineEnd) {
        return new String(pending, colon + 1, lineEnd - colon - 1, StandardCharsets.ISO_8859_1).strip();
    }

    /** The elements of a comma-separated header value (RFC 9110 §5.6.1), empty ones dropped. */
    private static List<String> list(String value) {
        List<String> elements = new ArrayList<>();
        for (String element : value.split(",", -1)) {
            String trimmed = element.strip();
            if (!trimmed.isEmpty()) {
                elements.add(trimmed);
            }
        }
        if (elements.isEmpty()) {
            elements.add("");
        }
        return elements;
    }

    /** A small growable byte buffer. */
    private static final class Output {
        private byte[] bytes = new byte[0];
        private int length;

        void write(byte[] b) {
            write(b, 0, b.length);
        }

        void write(byte[] b, int offset, int count) {
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + count, Math.max(256, bytes.length * 2)));
            }
            System.arraycopy(b, offset, bytes, length, count);
            length += count;
        }

        byte[] bytesOrNull() {
            return length == 0 ? null : Arrays.copyOf(bytes, length);
        }
    }

    /** The connection must close before another request is read. */
    static final class ConnectionEnds extends RuntimeException {
        ConnectionEnds() {
            super("the connection closes", null, false, false);
        }
    }
}

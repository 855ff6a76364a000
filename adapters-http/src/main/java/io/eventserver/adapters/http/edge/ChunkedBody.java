package io.eventserver.adapters.http.edge;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.eventserver.adapters.http.protocol.BadRequest;

/**
 * A chunked request body (RFC 9112 §7.1) read strictly and handed to Helidon as canonical chunks: sizes in plain
 * hex, no extensions (accepted and dropped), no trailer fields (dropped: nothing reads them, and they must not
 * become headers). Helidon 4.3's own chunk parser gives {@code Integer.parseUnsignedInt} the whole size line, so a
 * legal extension or a bad size would otherwise answer 500; here a malformed chunk fails the handler's read with a
 * {@link BadRequest} that closes the connection, as where the body ends is unknown. Only the connection's own thread
 * uses it.
 */
final class ChunkedBody {

    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILERS = 16 * 1024;
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private enum State { SIZE, DATA, DATA_END, TRAILERS, DONE }

    private State state = State.SIZE;
    private long remaining;
    private int trailerBytes;
    private int end;

    boolean done() {
        return state == State.DONE;
    }

    /** Where the last {@link #decode} stopped reading its input. */
    int end() {
        return end;
    }

    /** Decodes {@code in[from, to)} as far as whole pieces allow; the canonical chunks, possibly empty. */
    byte[] decode(byte[] in, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = from;
        while (i < to && state != State.DONE) {
            if (state == State.DATA) {
                int length = (int) Math.min(to - i, remaining);
                out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(in, i, length);
                out.write(LAST_CHUNK, 3, 2);
                i += length;
                remaining -= length;
                state = remaining == 0 ? State.DATA_END : State.DATA;
            } else if (state == State.DATA_END) {
                if (in[i] != '\r' || i + 1 < to && in[i + 1] != '\n') {
                    throw malformed("chunk data is longer than its declared size");
                }
                if (i + 1 == to) {
                    break;
                }
                i += 2;
                state = State.SIZE;
            } else {
                int lineEnd = lineEnd(in, i, to);
                if (lineEnd < 0) {
                    break;
                }
                if (state == State.SIZE) {
                    remaining = size(in, i, lineEnd);
                    state = remaining == 0 ? State.TRAILERS : State.DATA;
                } else if ((trailerBytes += lineEnd + 2 - i) > MAX_TRAILERS) {
                    throw malformed("the chunked body's trailer section is too large");
                } else if (lineEnd == i) {
                    out.writeBytes(LAST_CHUNK);
                    state = State.DONE;
                }
                i = lineEnd + 2;
            }
        }
        end = i;
        return out.toByteArray();
    }

    /** Index of the CR of the CRLF ending the line at {@code from}; -1 when it has not all arrived. */
    private int lineEnd(byte[] in, int from, int to) {
        int limit = state == State.SIZE ? MAX_LINE : MAX_TRAILERS;
        for (int i = from; i < to && i - from <= limit; i++) {
            if (in[i] == '\n' || in[i] == '\r' && i + 1 < to && in[i + 1] != '\n') {
                throw malformed("a line of the chunked body does not end with CRLF");
            }
            if (in[i] == '\r') {
                return i + 1 < to ? i : -1;
            }
        }
        if (to - from > limit) {
            throw malformed(state == State.SIZE ? "the chunk size line is too long"
                    : "the chunked body's trailer section is too large");
        }
        return -1;
    }

    /** {@code chunk-size [chunk-ext]}: hex digits, then optionally {@code ;} extensions, ignored. */
    private static long size(byte[] line, int start, int end) {
        int i = start;
        long size = 0;
        for (int digit; i < end && (digit = Character.digit(line[i], 16)) >= 0; i++) {
            size = size * 16 + digit;
            if (size > Integer.MAX_VALUE) {
                throw malformed("the chunk size is too large");
            }
        }
        if (i == start) {
            throw malformed("invalid chunk size");
        }
        while (i < end && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        if (i < end && line[i] != ';') {
            throw malformed("invalid chunk size");
        }
        for (; i < end; i++) {
            if (line[i] < 0x20 && line[i] != '\t' || line[i] == 0x7F) {
                throw malformed("invalid chunk extension");
            }
        }
        return size;
    }

    private static BadRequest malformed(String message) {
        return new BadRequest(message, true);
    }
}

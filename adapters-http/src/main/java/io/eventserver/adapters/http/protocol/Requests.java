package io.eventserver.adapters.http.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;

/** Reading the raw parts of a request, refusing ambiguous or oversized ones. */
public final class Requests {

    /** How much of a too-large body is read and dropped so that the client still gets its 413. */
    static final long DISCARD_LIMIT = 8L * 1024 * 1024;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    private Requests() {
    }

    /** The single value of a header; absent or repeated: 400. */
    public static String singleHeader(ServerRequest req, HeaderName name) {
        return single(req.headers().all(name, List::of), name.defaultCase() + " header");
    }

    /** The single value of a query parameter; absent or repeated: 400. */
    public static String singleQueryParameter(ServerRequest req, String name) {
        return single(req.query().all(name, List::of), "query parameter " + name);
    }

    /**
     * The single value of a query parameter as a non-negative integer (1–9 digits); its range is the use case's to
     * check, so that each rule is checked once and says the same thing wherever it is broken.
     */
    public static int integerQueryParameter(ServerRequest req, String name) {
        String text = singleQueryParameter(req, name);
        if (!DIGITS.matcher(text).matches()) {
            throw new BadRequest(name + " must be an integer");
        }
        return Integer.parseInt(text);
    }

    /**
     * Refuses a request whose path or query does not percent-decode to valid UTF-8 ({@code %ED%A0%80}, an encoded
     * surrogate, or a lone {@code %C3}): Helidon decodes such bytes to U+FFFD, so a name the server keys on would
     * silently become another one. Called by the routes that take an event name from the path or the query.
     */
    public static void requireUtf8Target(ServerRequest req) {
        if (!percentDecodesToUtf8(req.path().absolute().rawPath()) || !percentDecodesToUtf8(req.query().rawValue())) {
            throw new BadRequest("the path and the query must be valid UTF-8 once percent-decoded");
        }
    }

    static boolean percentDecodesToUtf8(String raw) {
        if (raw.indexOf('%') < 0) {
            return true;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int high = c == '%' && i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String single(List<String> values, String what) {
        if (values.isEmpty()) {
            throw new BadRequest(what + " is required");
        }
        if (values.size() > 1) {
            throw new BadRequest(what + " must be given once");
        }
        return values.getFirst();
    }

    /**
     * Requires the request's media type to be {@code expected}; a charset parameter, when given, must be UTF-8.
     */
    public static void requireContentType(ServerRequest req, String expected) {
        requireContentType(req, List.of(expected));
    }

    /**
     * Requires the request's media type to be one of {@code accepted}; a charset parameter, when given, must be
     * UTF-8.
     */
    public static void requireContentType(ServerRequest req, List<String> accepted) {
        String expected = String.join(" or ", accepted);
        if (req.headers().all(HeaderNames.CONTENT_TYPE, List::of).size() > 1) {
            throw new BadRequest("Content-Type header must be given once");
        }
        Optional<HttpMediaType> contentType;
        try {
            contentType = req.headers().contentType();
        } catch (RuntimeException e) {
            throw new BadRequest("Content-Type must be " + expected);
        }
        HttpMediaType mediaType = contentType.orElseThrow(() -> new BadRequest("Content-Type must be " + expected));
        String type = mediaType.mediaType().type() + "/" + mediaType.mediaType().subtype();
        if (!accepted.contains(type.toLowerCase(Locale.ROOT))) {
            throw new BadRequest("Content-Type must be " + expected);
        }
        Optional<String> charset = mediaType.charset().map(c -> c.toLowerCase(Locale.ROOT));
        if (charset.isPresent() && !charset.get().equals("utf-8") && !charset.get().equals("utf8")) {
            throw new BadRequest("the charset of " + type.toLowerCase(Locale.ROOT) + " must be utf-8");
        }
    }

    /** The whole body, or 413 as soon as it is known to exceed {@code maxBytes}. */
    public static byte[] body(ServerRequest req, int maxBytes) {
        Optional<Long> declared = req.headers().contentLength().stream().boxed().findFirst();
        if (declared.isPresent() && declared.get() > maxBytes + DISCARD_LIMIT) {
            throw new PayloadTooLarge(maxBytes, true);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = declared.isPresent() && declared.get() > maxBytes ? new byte[0] : head(in, declared, maxBytes);
            if (body.length > maxBytes || declared.isPresent() && declared.get() > maxBytes) {
                throw new PayloadTooLarge(maxBytes, !discardRest(in));
            }
            return body;
        } catch (IOException | UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
            // the client sent less than it announced and went away: its request, not a server failure
            throw new BadRequest("the request body ended before its announced length");
        }
    }

    /**
     * The body of a publish: a JSON object of at most {@code maxBytes}, or — when its first non-blank byte opens an
     * array — a batch of at most {@code maxBatchBytes}; 413 beyond the limit of its kind. A batch larger than
     * {@code maxBytes} takes a permit of {@code largeBodies} (503 when none is free), which the caller releases when
     * the request is done: the memory of large batches is bounded by the permits, not by the requests.
     */
    public static byte[] publishBody(ServerRequest req, int maxBytes, int maxBatchBytes, Semaphore largeBodies) {
        Optional<Long> declared = req.headers().contentLength().stream().boxed().findFirst();
        if (declared.isPresent() && declared.get() > maxBatchBytes + DISCARD_LIMIT) {
            throw new PayloadTooLarge(maxBatchBytes, true);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] head = head(in, declared, maxBytes);
            if (head.length <= maxBytes) {
                return head;
            }
            if (!opensArray(head)) {
                throw new PayloadTooLarge(maxBytes, !discardRest(in));
            }
            if (declared.isPresent() && declared.get() > maxBatchBytes) {
                throw new PayloadTooLarge(maxBatchBytes, !discardRest(in));
            }
            if (!largeBodies.tryAcquire()) {
                boolean ended = discardRest(in);
                throw new TooBusy("too many large batches at once" + (ended ? "" : "; send it again"), 1);
            }
            boolean taken = false;
            try {
                byte[] rest = in.readNBytes(maxBatchBytes + 1 - head.length);
                if (head.length + rest.length > maxBatchBytes) {
                    throw new PayloadTooLarge(maxBatchBytes, !discardRest(in));
                }
                byte[] body = Arrays.copyOf(head, head.length + rest.length);
                System.arraycopy(rest, 0, body, head.length, rest.length);
                taken = true;
                return body;
            } finally {
                if (!taken) {
                    largeBodies.release();
                }
            }
        } catch (IOException | UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
            throw new BadRequest("the request body ended before its announced length");
        }
    }

    /**
     * Up to {@code limit + 1} bytes of the body (one more than allowed tells a too-large body apart); exactly the
     * announced length when that is within the limit, so that a small body costs an array of its size rather than
     * the stream's read buffers (a 16 KiB one and a copy for a 500-byte publish).
     */
    private static byte[] head(InputStream in, Optional<Long> declared, int limit) throws IOException {
        if (declared.isPresent() && declared.get() <= limit) {
            byte[] body = new byte[(int) (long) declared.get()];
            int read = in.readNBytes(body, 0, body.length);
            return read == body.length ? body : Arrays.copyOf(body, read);
        }
        return in.readNBytes(limit + 1);
    }

    /** Whether the first byte that is not JSON whitespace (after a UTF-8 byte order mark) opens an array. */
    public static boolean opensArray(byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF
                ? 3 : 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
            i++;
        }
        return i < body.length && body[i] == '[';
    }

    /**
     * Reads and drops the rest of a too-large body, up to {@link #DISCARD_LIMIT}: a client is usually still sending
     * when the 413 is ready, and closing the connection on it would reset the connection before it reads the answer.
     *
     * @return true when the body ended within the limit, so the connection can be kept
     */
    private static boolean discardRest(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long discarded = 0;
        for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
            discarded += read;
            if (discarded > DISCARD_LIMIT) {
                return false;
            }
        }
        return true;
    }
}

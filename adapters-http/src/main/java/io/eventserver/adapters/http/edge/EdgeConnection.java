package io.eventserver.adapters.http.edge;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.spi.ServerConnection;

/**
 * One connection at the edge (ADR 18, 50): Helidon's connection context, with a reader in front of the socket that
 * Helidon's HTTP/1 parser reads. Helidon parses each head; this reader only
 * <ul>
 *     <li>skips empty lines before a request and serves an HTTP/1.0 request line as HTTP/1.1 (the version is the
 *     last eight bytes of the request line; {@link RequestFraming} adds {@code Connection: close}); a request
 *     line that ends in a bare LF is refused (Helidon would take the next line into it);</li>
 *     <li>once Helidon has parsed a head ({@link #headParsed}), takes back what Helidon read past it and releases
 *     the body by its length or as canonical chunks ({@link ChunkedBody}), never a byte past the request's end: so
 *     Helidon asks again before it reads another request, and there a connection that must close ends instead
 *     ({@code Connection: close} either way, HTTP/1.0, a refusal). The unread rest of a body answered by a
 *     closing response (a 413) is read and dropped, at most {@link #DRAIN_LIMIT}, so that the client reads its
 *     answer, and nothing in it is ever parsed;</li>
 *     <li>tells Helidon's idle-connection check, through {@link #idleTime}, when a head or a body did not arrive
 *     in time; the check then closes the connection the way it closes idle ones, after a 408.</li>
 * </ul>
 */
final class EdgeConnection implements ConnectionContext, ServerConnection, InterruptableTask<Void> {

    enum Phase { IDLE, HEAD, BODY, CLOSED }

    private static final System.Logger LOG = System.getLogger(EdgeConnection.class.getName());
    static final long DRAIN_LIMIT = 16L * 1024 * 1024;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] HTTP_10 = " HTTP/1.0\r".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** What {@link #idleTime} reports for a connection past a deadline: more than any idle time-out. */
    private static final Duration EXPIRED = Duration.ofDays(365);

    private final ConnectionContext ctx;
    private final Http1Edge edge;
    private final DataReader socket;
    private final DataReader reader = new DataReader(this::next);
    final boolean overLimit;
    private final long connectedNanos = System.nanoTime();
    private final int maxPrologue;
    private final long headerNanos;
    private final long bodyNanos;
    private ServerConnection http1;

    /** Received and not released: {@code pending[from, to)}. */
    private byte[] pending = EMPTY;
    private int from;
    private int to;
    private boolean versionChecked;
    private boolean http10;
    private boolean closeAfterRequest;
    private long bodyRemaining;
    private ChunkedBody chunks;

    private volatile Phase phase = Phase.IDLE;
    private volatile long phaseStartedNanos = connectedNanos;
    private volatile boolean waiting;
    private volatile boolean responded;
    private volatile boolean closeAfterResponse;
    private volatile boolean timedOut;
    /** The handler thread of an event stream on this connection, while it runs. */
    private volatile Thread streaming;

    EdgeConnection(ConnectionContext ctx, Http1Edge edge, boolean overLimit, int maxPrologue, long headerNanos,
                   long bodyNanos) {
        this.ctx = ctx;
        this.edge = edge;
        this.socket = ctx.dataReader();
        this.overLimit = overLimit;
        this.maxPrologue = maxPrologue;
        this.headerNanos = headerNanos;
        this.bodyNanos = bodyNanos;
    }

    /** Helidon's HTTP/1 connection on this context, which this one runs. */
    EdgeConnection runs(ServerConnection connection) {
        this.http1 = connection;
        return this;
    }

    boolean http10() { return http10; }

    /**
     * Helidon has parsed a head (Helidon's reader holds what came after it): what arrived past the head comes back
     * here, and the request's body is released by its framing.
     */
    void headParsed(long contentLength, boolean chunked, boolean closes) {
        int unread = reader.available();
        if (unread > 0) {
            byte[] back = reader.readBytes(unread);
            if (from < to) {
                back = Arrays.copyOf(back, unread + to - from);
                System.arraycopy(pending, from, back, unread, to - from);
            }
            pending = back;
            from = 0;
            to = back.length;
        }
        closeAfterRequest = closes || http10;
        responded = false;
        bodyRemaining = Math.max(contentLength, 0);
        chunks = chunked ? new ChunkedBody() : null;
        begin(chunked || bodyRemaining > 0 ? Phase.BODY : Phase.IDLE);
    }

    /** A response is being sent; {@code closes} when it says {@code Connection: close}. */
    void responding(boolean closes) {
        responded = true;
        closeAfterResponse |= closes;
    }

    /**
     * An event stream (issue 29, ADR 44): nothing else tells its handler that the client went away — it writes a
     * heartbeat every 15 s, and the first write after a close still succeeds — so its waiting place would stay
     * taken for up to two heartbeats. The stream's response closes the connection, so nothing more is read from it
     * after the stream: one virtual thread reads it meanwhile and, at its end (the client closed, or the connection
     * was reset), closes the socket and interrupts the handler, which ends the stream and frees its place at once.
     * Bytes a client sends while it reads a stream are dropped with the connection.
     */
    void watchClient(Thread handler) {
        streaming = handler;
        Thread.ofVirtual().name("eventserver-client-watch").start(() -> {
            try {
                while (streaming == handler) {
                    socket.ensureAvailable();
                    socket.skip(socket.available());
                }
            } catch (RuntimeException gone) {
                if (streaming == handler) {
                    streaming = null;
                    LOG.log(System.Logger.Level.DEBUG, () -> "the client of an event stream went away: "
                            + ctx.remotePeer().host());
                    try {
                        ctx.serverSocket().close();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.TRACE, "closing a socket failed", e);
                    }
                    handler.interrupt();
                }
            }
        });
    }

    /** Nothing more is read; Helidon answers the refusal and closes. */
    void refused() {
        phase = Phase.CLOSED;
    }

    /** What Helidon's parser reads: never more than the current request. */
    private byte[] next() {
        try {
            if (overLimit) {
                throw edge.overLimit(socket);
            }
            while (true) {
                if (streaming != null) {
                    // an event stream's connection, read by its watch until it ends: it closes with the stream
                    phase = Phase.CLOSED;
                }
                if (phase == Phase.BODY && closeAfterResponse) {
                    drainBody();
                }
                if (phase == Phase.IDLE && (closeAfterRequest || closeAfterResponse)) {
                    phase = Phase.CLOSED;
                }
                if (phase == Phase.CLOSED) {
                    throw new CloseConnectionException("the connection closes");
                }
                byte[] out = phase == Phase.BODY ? body() : head();
                if (out != null) {
                    return out;
                }
                receive();
            }
        } catch (RuntimeException e) {
            if (timedOut) {
                throw new CloseConnectionException("the request did not arrive in time", e);
            }
            throw e;
        }
    }

    private byte[] head() {
        if (phase == Phase.IDLE) {
            while (to - from >= 2 && pending[from] == '\r' && pending[from + 1] == '\n') {
                from += 2;
            }
            if (from == to || to - from == 1 && pending[from] == '\r') {
                return null;
            }
            versionChecked = false;
            http10 = false;
            begin(Phase.HEAD);
        }
        if (!versionChecked) {
            int lf = indexOf((byte) '\n', Math.min(to, from + maxPrologue));
            if (lf < 0 && to - from < maxPrologue) {
                return null;
            }
            versionChecked = true;
            if (lf > from && pending[lf - 1] != '\r') {
                // Helidon would read the request line up to the next CRLF, with the line after it
                phase = Phase.CLOSED;
                edge.rejected("framing");
                throw RequestFraming.refusal(Status.BAD_REQUEST_400, "a line of the request head does not end with CRLF");
            }
            if (lf > from + HTTP_10.length && Arrays.equals(pending, lf - HTTP_10.length, lf, HTTP_10, 0,
                    HTTP_10.length)) {
                http10 = true;
                pending[lf - 2] = '1';
            }
        }
        return from == to ? null : take(to - from);
    }

    private byte[] body() {
        if (chunks == null) {
            int length = (int) Math.min(to - from, bodyRemaining);
            if (length == 0) {
                return null;
            }
            bodyRemaining -= length;
            byte[] out = take(length);
            if (bodyRemaining == 0) {
                begin(Phase.IDLE);
            }
            return out;
        }
        byte[] out = chunks.decode(pending, from, to);
        from = chunks.end();
        if (from == to) {
            pending = EMPTY;
            from = 0;
            to = 0;
        }
        if (chunks.done()) {
            begin(Phase.IDLE);
        }
        return out.length == 0 ? null : out;
    }

    /** After a closing response: reads and drops the rest of the body (or {@link #DRAIN_LIMIT}), then closes. */
    private void drainBody() {
        try {
            long dropped = 0;
            while (true) {
                for (byte[] out = body(); out != null; out = body()) {
                    dropped += out.length;
                }
                if (phase != Phase.BODY || dropped > DRAIN_LIMIT) {
                    break;
                }
                receive();
            }
        } catch (RuntimeException e) {
            // a malformed chunk (where the body ends is unknown) or the client went away: the connection just closes
        }
        phase = Phase.CLOSED;
    }

    private void receive() {
        waiting = true;
        byte[] bytes;
        try {
            socket.ensureAvailable();
            bytes = socket.readBytes(socket.available());
        } finally {
            waiting = false;
        }
        if (from == to) {
            pending = bytes;
            from = 0;
            to = bytes.length;
        } else {
            byte[] joined = Arrays.copyOfRange(pending, from, to + bytes.length);
            System.arraycopy(bytes, 0, joined, to - from, bytes.length);
            pending = joined;
            from = 0;
            to = joined.length;
        }
    }

    private byte[] take(int length) {
        byte[] out = from == 0 && length == pending.length ? pending : Arrays.copyOfRange(pending, from, from + length);
        from += length;
        if (from == to) {
            // hold no buffer while the connection waits: it would outlive young collections on an idle connection
            pending = EMPTY;
            from = 0;
            to = 0;
        }
        return out;
    }

    private int indexOf(byte b, int end) {
        for (int i = from; i < end; i++) {
            if (pending[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void begin(Phase next) {
        phaseStartedNanos = System.nanoTime();
        phase = next;
    }

    /** Why the connection is past a deadline while it waits for the client ({@code null} when it is not). */
    private String expired() {
        long now = System.nanoTime();
        if (overLimit) {
            return now - connectedNanos > Http1Edge.OVER_LIMIT_LINGER_NANOS ? "over-limit" : null;
        }
        if (!waiting) {
            return null;
        }
        return switch (phase) {
            case HEAD -> now - phaseStartedNanos > headerNanos ? "header-timeout" : null;
            case BODY -> now - phaseStartedNanos > bodyNanos ? "body-timeout" : null;
            default -> null;
        };
    }

    // Helidon's connection, registered with the edge while it runs, its idle time telling missed deadlines

    @Override
    public void handle(Limit limit) throws InterruptedException {
        edge.opened(this);
        try {
            http1.handle(limit);
        } finally {
            streaming = null;
            edge.closed(this);
        }
    }

    @Override
    public Duration idleTime() {
        return expired() != null ? EXPIRED : http1.idleTime();
    }

    /**
     * Called by Helidon's idle-connection check: a connection past a deadline is answered 408 (unless its response
     * is already on its way) and closed as Helidon closes idle ones, by interrupting its own thread.
     */
    @Override
    public void close(boolean interrupt) {
        String reason = expired();
        if (reason == null || timedOut) {
            http1.close(interrupt);
            return;
        }
        timedOut = true;
        phase = Phase.CLOSED;
        if (!overLimit) {
            edge.rejected(reason);
            if (!responded) {
                try {
                    dataWriter().writeNow(BufferData.create(Http1Edge.REQUEST_TIMEOUT));
                } catch (RuntimeException e) {
                    // the client went away before its answer
                }
            }
        }
        http1.close(true);
    }

    @Override
    public boolean canInterrupt() {
        return http1 instanceof InterruptableTask<?> task && task.canInterrupt();
    }

    // Helidon's context, passed on

    @Override public DataReader dataReader() { return reader; }
    @Override public ListenerContext listenerContext() { return ctx.listenerContext(); }
    @Override public ExecutorService executor() { return ctx.executor(); }
    @Override public DataWriter dataWriter() { return ctx.dataWriter(); }
    @Override public Router router() { return ctx.router(); }
    @Override public Optional<ProxyProtocolData> proxyProtocolData() { return ctx.proxyProtocolData(); }
    @Override public HelidonSocket serverSocket() { return ctx.serverSocket(); }
    @Override public PeerInfo remotePeer() { return ctx.remotePeer(); }
    @Override public PeerInfo localPeer() { return ctx.localPeer(); }
    @Override public boolean isSecure() { return ctx.isSecure(); }
    @Override public String socketId() { return ctx.socketId(); }
    @Override public String childSocketId() { return ctx.childSocketId(); }
}

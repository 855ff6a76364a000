package io.eventserver.adapters.http.edge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.eventserver.adapters.http.errors.ErrorWriter;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.spi.ServerConnection;

/**
 * One connection at the edge (ADR 18, 50): Helidon's HTTP/1 connection, run on a context whose reader stands between
 * the socket and Helidon's parser. Helidon parses each head; this reader skips empty lines before a request, serves
 * an HTTP/1.0 request line as HTTP/1.1, and once the head is parsed ({@link #headParsed}) takes back what Helidon read
 * past it and releases the body by its length or as canonical chunks ({@link ChunkedBody}), never a byte past the
 * request: so Helidon asks again before another request, and there a connection that must close ends — nothing after
 * a closing answer is ever parsed (the unread rest of its body is dropped, at most {@link #DRAIN_LIMIT}, so that the
 * client reads its answer). Its idle time tells Helidon's idle-connection check when a head or a body came too late.
 */
final class EdgeConnection implements ConnectionContext, ServerConnection, InterruptableTask<Void> {

    private enum Phase { IDLE, HEAD, BODY, CLOSED }

    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;
    private static final long OVER_LIMIT_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final byte[] REQUEST_TIMEOUT = ErrorWriter.http1(Status.REQUEST_TIMEOUT_408,
            "Request Timeout - the request did not arrive in time");
    private static final System.Logger LOG = System.getLogger(EdgeConnection.class.getName());
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] HTTP_10 = " HTTP/1.0\r".getBytes(StandardCharsets.US_ASCII);
    /** More than any idle time-out: what {@link #idleTime} says of a connection past a deadline. */
    private static final Duration EXPIRED = Duration.ofDays(365);

    private final ConnectionContext ctx;
    private final Http1Edge edge;
    private final DataReader socket;
    private final DataReader reader = new DataReader(this::next);
    final boolean overLimit;
    private final long connectedNanos = System.nanoTime();
    private ServerConnection http1;

    /** Received and not released: {@code pending[from, to)}. */
    private byte[] pending = EMPTY;
    private int from;
    private int to;
    private boolean lineChecked;
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

    EdgeConnection(ConnectionContext ctx, Http1Edge edge, boolean overLimit) {
        this.ctx = ctx;
        this.edge = edge;
        this.socket = ctx.dataReader();
        this.overLimit = overLimit;
    }

    EdgeConnection runs(ServerConnection connection) {
        this.http1 = connection;
        return this;
    }

    boolean http10() {
        return http10;
    }

    /** Helidon has parsed a head; its reader holds what came after it. */
    void headParsed(long contentLength, boolean chunked, boolean closes) {
        int unread = reader.available();
        if (unread > 0) {
            hold(reader.readBytes(unread), EMPTY);
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

    /** Refuses the request whose head is being read: nothing more is read, Helidon answers and closes. */
    RequestException refuse(Status status, String message) {
        phase = Phase.CLOSED;
        edge.rejected("framing");
        return refusal(status, message);
    }

    /** A refusal that closes the connection; the text is the answer's whole body (see {@code ErrorResponses}). */
    private static RequestException refusal(Status status, String message) {
        return RequestException.builder().type(EventType.BAD_REQUEST).status(status).setKeepAlive(false)
                .message(status.reasonPhrase() + " - " + message).build();
    }

    /**
     * An event stream (issue 29, ADR 44): nothing else tells its handler that the client went away — its heartbeat
     * comes every 15 s, and the first write after a close still succeeds. Its response closes the connection, so
     * nothing more is read from it: a virtual thread reads it meanwhile and, at its end, closes the socket and
     * interrupts the handler, which ends the stream and frees its waiting place at once.
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

    /** What Helidon's parser reads: never more than the current request. */
    private byte[] next() {
        try {
            if (overLimit) {
                // what the client sent is read first, so that closing sends no reset before the answer
                edge.rejected("too-many-connections");
                socket.ensureAvailable();
                socket.skip(socket.available());
                throw refusal(Status.SERVICE_UNAVAILABLE_503, "too many connections");
            }
            while (true) {
                if (streaming != null) {
                    phase = Phase.CLOSED; // read by the stream's watch; closes with the stream
                }
                if (phase == Phase.BODY && closeAfterResponse) {
                    drainBody();
                }
                if (phase == Phase.IDLE && (closeAfterRequest || closeAfterResponse) || phase == Phase.CLOSED) {
                    phase = Phase.CLOSED;
                    throw new CloseConnectionException("the connection closes");
                }
                byte[] out = phase == Phase.BODY ? body() : head();
                if (out != null) {
                    return out;
                }
                receive();
            }
        } catch (RuntimeException e) {
            throw timedOut ? new CloseConnectionException("the request did not arrive in time", e) : e;
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
            lineChecked = false;
            http10 = false;
            begin(Phase.HEAD);
        }
        if (!lineChecked) {
            int end = Math.min(to, from + edge.maxPrologue);
            int lf = from;
            while (lf < end && pending[lf] != '\n') {
                lf++;
            }
            if (lf == end && to - from < edge.maxPrologue) {
                return null;
            }
            lineChecked = true;
            if (lf < end && lf > from && pending[lf - 1] != '\r') {
                // Helidon would read the request line on to the next CRLF, the line after it included
                throw refuse(Status.BAD_REQUEST_400, "a line of the request head does not end with CRLF");
            }
            if (lf < end && lf - from > HTTP_10.length
                    && Arrays.equals(pending, lf - HTTP_10.length, lf, HTTP_10, 0, HTTP_10.length)) {
                http10 = true;
                pending[lf - 2] = '1';
            }
        }
        return take(to - from);
    }

    private byte[] body() {
        byte[] out;
        if (chunks == null) {
            out = take((int) Math.min(to - from, bodyRemaining));
            bodyRemaining -= out == null ? 0 : out.length;
        } else {
            out = chunks.decode(pending, from, to);
            skip(chunks.end() - from);
        }
        if (chunks == null ? bodyRemaining == 0 : chunks.done()) {
            begin(Phase.IDLE);
        }
        return out == null || out.length == 0 ? null : out;
    }

    /** After a closing response: reads and drops the rest of the body (or {@link #DRAIN_LIMIT}), then closes. */
    private void drainBody() {
        try {
            for (long dropped = 0; phase == Phase.BODY && dropped <= DRAIN_LIMIT; ) {
                byte[] out = body();
                if (out == null) {
                    receive();
                } else {
                    dropped += out.length;
                }
            }
        } catch (RuntimeException e) {
            // a malformed chunk (where the body ends is unknown) or the client went away: the connection just closes
        }
        phase = Phase.CLOSED;
    }

    private void receive() {
        waiting = true;
        try {
            socket.ensureAvailable();
            hold(EMPTY, socket.readBytes(socket.available()));
        } finally {
            waiting = false;
        }
    }

    /** Makes {@code before}, what is pending and {@code after} the pending bytes (one of the two is empty). */
    private void hold(byte[] before, byte[] after) {
        int held = to - from;
        if (held == 0) {
            pending = before.length == 0 ? after : before;
        } else {
            byte[] joined = new byte[before.length + held + after.length];
            System.arraycopy(before, 0, joined, 0, before.length);
            System.arraycopy(pending, from, joined, before.length, held);
            System.arraycopy(after, 0, joined, before.length + held, after.length);
            pending = joined;
        }
        from = 0;
        to = pending.length;
    }

    /** The next {@code length} pending bytes, {@code null} for none. */
    private byte[] take(int length) {
        byte[] out = length == 0 ? null
                : from == 0 && length == pending.length ? pending : Arrays.copyOfRange(pending, from, from + length);
        skip(length);
        return out;
    }

    private void skip(int length) {
        from += length;
        if (from == to) {
            // an idle connection holds no buffer that would outlive young collections
            pending = EMPTY;
            from = 0;
            to = 0;
        }
    }

    private void begin(Phase next) {
        phaseStartedNanos = System.nanoTime();
        phase = next;
    }

    /** Why the connection is past a deadline while it waits for the client ({@code null} when it is not). */
    private String expired() {
        long now = System.nanoTime();
        long waited = now - phaseStartedNanos;
        if (overLimit) {
            return now - connectedNanos > OVER_LIMIT_LINGER_NANOS ? "over-limit" : null;
        } else if (waiting && phase == Phase.HEAD && waited > edge.headerNanos) {
            return "header-timeout";
        } else if (waiting && phase == Phase.BODY && waited > edge.bodyNanos) {
            return "body-timeout";
        }
        return null;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        edge.count(this, 1);
        try {
            http1.handle(limit);
        } finally {
            streaming = null;
            edge.count(this, -1);
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
                    dataWriter().writeNow(BufferData.create(REQUEST_TIMEOUT));
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

    // Helidon's context, passed on (it has no delegating base class)

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

package io.eventserver.adapters.http.edge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventserver.application.port.out.VitalThread;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * The edge of the web server (ADR 18): Helidon's HTTP/1.1 connections, each read through an {@link Http1Framing}
 * that decides where requests end, plus a watchdog that closes connections whose request head or body does not
 * arrive in time, and a limit on open connections beyond which requests are answered 503 and their connections
 * closed. Helidon 4.3 offers none of these: its idle time-out is refreshed by every byte of a trickled request, it
 * has no connection limit that answers (its {@code max-tcp-connections} only stops accepting), and its chunk parser
 * answers 500 to bad chunk sizes.
 * <p>
 * Installed by {@link #install}: it replaces Helidon's HTTP/1 connection selector with itself, so every connection
 * of the listener passes through it.
 */
public final class EdgeGuard implements ServerConnectionSelector, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EdgeGuard.class.getName());
    private static final long WATCHDOG_PERIOD_MILLIS = 100;
    private static final long OVER_LIMIT_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** The media type of Server-Sent Events: a response that lasts as long as its client stays. */
    private static final String EVENT_STREAM = "text/event-stream";

    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final int maxConnections;
    private final Http1ConnectionSelector http1;
    private final int maxHeadBytes;
    private final Set<Guarded> open = ConcurrentHashMap.newKeySet();
    /** Open connections that are served, i.e. not over the limit. */
    private final AtomicInteger served = new AtomicInteger();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;
    private final Meter openGauge;
    private final Thread watchdog;
    private volatile boolean running = true;

    private EdgeGuard(Duration headerTimeout, Duration bodyTimeout, int maxConnections, Http1Config.Builder http1,
                      MeterRegistry metrics) {
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        this.maxConnections = maxConnections;
        this.metrics = metrics;
        Http1Config config = http1.addSendListener(new ResponseListener()).build();
        this.http1 = Http1ConnectionSelector.builder().config(config).build();
        // the request line and the headers, each at Helidon's own limit, with their line ends
        this.maxHeadBytes = config.maxPrologueLength() + config.maxHeadersSize() + 4;
        this.openGauge = metrics.getOrCreate(Gauge.builder("eventserver.http.connections", open::size)
                .description("Open HTTP connections"));
        this.watchdog = Thread.ofPlatform().daemon(true).name("eventserver-edge-watchdog").unstarted(this::watch);
    }

    /**
     * Puts the guard in front of every connection of {@code server}: HTTP/1.1 from {@code http1} (its send
     * listeners get one more), no other protocol. Start the watchdog with {@link #start} once the server runs.
     *
     * @param headerTimeout      how long a request head may take from its first byte
     * @param bodyTimeout        how long a body may take from the end of its head
     * @param maxConnections     open connections that are served; more are answered 503
     * @param connectionHeadroom connections accepted past {@code maxConnections} only to be answered 503
     */
    public static EdgeGuard install(WebServerConfig.Builder server, Http1Config.Builder http1, Duration headerTimeout,
                                    Duration bodyTimeout, int maxConnections, int connectionHeadroom,
                                    MeterRegistry metrics) {
        EdgeGuard guard = new EdgeGuard(headerTimeout, bodyTimeout, maxConnections, http1, metrics);
        server.protocolsDiscoverServices(false)
                .protocols(List.of())
                .addConnectionSelector(guard)
                // Helidon's own cap sits above ours, so that connections past our limit can still be answered 503;
                // it is what keeps accept() from running out of file descriptors
                .maxTcpConnections(maxConnections + connectionHeadroom);
        return guard;
    }

    public EdgeGuard start() {
        watchdog.start();
        return this;
    }

    /** The watchdog: without it, slow heads and bodies are never cut off. */
    public VitalThread vitalThread() {
        return VitalThread.of(watchdog);
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        return http1.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        Guarded guarded = new Guarded(ctx, served.get() >= maxConnections);
        return guarded.connect(http1.connection(guarded));
    }

    @Override
    public void close() {
        running = false;
        watchdog.interrupt();
        metrics.remove(openGauge);
        rejections.values().forEach(metrics::remove);
    }

    private void watch() {
        long headerNanos = headerTimeout.toNanos();
        long bodyNanos = bodyTimeout.toNanos();
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(WATCHDOG_PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Guarded connection : open) {
                if (connection.overLimit) {
                    if (now - connection.connectedNanos > OVER_LIMIT_LINGER_NANOS) {
                        connection.closeSocket();
                    }
                    continue;
                }
                Http1Framing framing = connection.framing;
                if (!framing.waitingForBytes()) {
                    continue;
                }
                long waited = now - framing.phaseStartedNanos();
                switch (framing.phase()) {
                    case HEAD -> {
                        if (waited > headerNanos) {
                            connection.timeOut("header-timeout");
                        }
                    }
                    case BODY -> {
                        if (waited > bodyNanos) {
                            connection.timeOut("body-timeout");
                        }
                    }
                    default -> {
                        // idle keep-alive connections are closed by Helidon's idle-connection-timeout
                    }
                }
            }
        }
    }

    private void rejected(String reason) {
        rejections.computeIfAbsent(reason, r -> metrics.getOrCreate(Counter.builder("eventserver.http.edge.rejections")
                        .description("Requests and connections refused at the edge, by reason")
                        .tags(List.of(Tag.create("reason", r)))))
                .increment();
    }

    /** A complete HTTP/1.1 response that closes the connection, with the usual JSON error body. */
    static byte[] response(int status, String reason, String message) {
        String body = "\"" + reason + " - " + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        byte[] entity = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Cache-Control: no-store\r\n"
                + (status == 503 ? "Retry-After: 1\r\n" : "")
                + "Content-Length: " + entity.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + entity.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(entity, 0, all, headBytes.length, entity.length);
        return all;
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 408 -> "Request Timeout";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    /**
     * Tells each connection's framing that a response is on its way, and whether it says {@code Connection: close}
     * so that the connection ends after it.
     */
    private static final class ResponseListener implements Http1ConnectionListener {
        @Override
        public void headers(ConnectionContext ctx, Headers headers) {
            if (ctx instanceof Guarded guarded) {
                guarded.framing.responding(headers.contains(HeaderValues.CONNECTION_CLOSE));
                if (headers.contains(HeaderValues.CONNECTION_CLOSE) && headers.first(HeaderNames.CONTENT_TYPE)
                        .map(type -> type.startsWith(EVENT_STREAM)).orElse(false)) {
                    // called on the thread that writes the response: the event stream's handler
                    guarded.watchClient(Thread.currentThread());
                }
            }
        }
    }

    /**
     * One connection: Helidon's connection context with a reader that goes through the framing, and Helidon's
     * HTTP/1 connection wrapped so that the guard knows when it ends.
     */
    private final class Guarded implements ConnectionContext {

        private final ConnectionContext ctx;
        private final DataReader socketReader;
        private final Http1Framing framing;
        private final DataReader reader;
        private final boolean overLimit;
        private final long connectedNanos = System.nanoTime();
        private volatile boolean timedOut;
        /** The handler thread of an event stream on this connection, while it runs. */
        private volatile Thread streaming;

        Guarded(ConnectionContext ctx, boolean overLimit) {
            this.ctx = ctx;
            this.overLimit = overLimit;
            this.socketReader = ctx.dataReader();
            this.framing = new Http1Framing(() -> {
                socketReader.ensureAvailable();
                return socketReader.readBytes(socketReader.available());
            }, maxHeadBytes, System::nanoTime);
            this.reader = new DataReader(this::read);
        }

        ServerConnection connect(ServerConnection connection) {
            return new GuardedConnection(this, connection);
        }

        /** What Helidon's parser reads: the framing's output, with its refusals turned into answers. */
        private byte[] read() {
            if (overLimit) {
                refuse();
            }
            try {
                return framing.get();
            } catch (FramingViolation e) {
                framing.close();
                String reason = "framing";
                rejected(reason);
                LOG.log(System.Logger.Level.DEBUG, () -> "refused a request from " + ctx.remotePeer().host()
                        + ": " + e.status() + " " + e.getMessage());
                answer(e.status(), e.getMessage());
                throw new CloseConnectionException(reason);
            } catch (MalformedBody e) {
                framing.close();
                rejected("malformed-body");
                throw e;
            } catch (Http1Framing.ConnectionEnds e) {
                throw new CloseConnectionException("connection closes");
            } catch (RuntimeException e) {
                if (timedOut) {
                    // the watchdog answered 408 and closed the socket under the waiting read
                    throw new CloseConnectionException("request timed out");
                }
                throw e;
            }
        }

        /**
         * Answers 503 at once, then reads what the client sends until its head is complete or the watchdog closes
         * the socket ({@link #OVER_LIMIT_LINGER_NANOS} after the connect): a client still sending its request would
         * otherwise get a reset instead of the answer. Such connections cycle fast, so that clients waiting in the
         * listen backlog behind them are answered soon too.
         */
        private void refuse() {
            rejected("too-many-connections");
            answer(503, "too many connections");
            framing.close();
            try {
                socketReader.ensureAvailable();
                while (true) {
                    socketReader.skip(socketReader.available());
                    socketReader.ensureAvailable();
                }
            } catch (RuntimeException e) {
                throw new CloseConnectionException("too many connections");
            }
        }

        /**
         * An event stream (issue 29): nothing else tells its handler that the client went away — it writes a
         * heartbeat every 15 s, and the first write after a close still succeeds — so its waiting place would stay
         * taken for up to two heartbeats. The stream's response closes the connection, so nothing more is read from
         * it after the stream: one virtual thread reads it meanwhile and, at its end (the client closed, or the
         * connection was reset), closes the socket and interrupts the handler, which ends the stream and frees its
         * place at once. Bytes a client sends while it reads a stream are dropped with the connection.
         */
        void watchClient(Thread handler) {
            streaming = handler;
            Thread.ofVirtual().name("eventserver-client-watch").start(() -> {
                try {
                    while (streaming == handler) {
                        socketReader.ensureAvailable();
                        socketReader.skip(socketReader.available());
                    }
                } catch (RuntimeException gone) {
                    if (streaming == handler) {
                        streaming = null;
                        LOG.log(System.Logger.Level.DEBUG, () -> "the client of an event stream went away: "
                                + ctx.remotePeer().host());
                        closeSocket();
                        handler.interrupt();
                    }
                }
            });
        }

        /** The connection has ended: an event stream's client needs no more watching. */
        void ended() {
            streaming = null;
        }

        void timeOut(String reason) {
            if (timedOut) {
                return;
            }
            timedOut = true;
            framing.close();
            rejected(reason);
            LOG.log(System.Logger.Level.DEBUG, () -> "closed a connection from " + ctx.remotePeer().host() + ": "
                    + reason);
            if (!framing.responded()) {
                // a body still arriving after its answer (Helidon reads what the handler left) gets no second one
                answer(408, "the request did not arrive in time");
            }
            closeSocket();
        }

        /** Closes the socket under the connection's thread, which then ends the connection. */
        void closeSocket() {
            timedOut = true;
            try {
                ctx.serverSocket().close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.TRACE, "closing a socket failed", e);
            }
        }

        private void answer(int status, String message) {
            try {
                ctx.dataWriter().writeNow(BufferData.create(response(status, reasonPhrase(status), message)));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.TRACE, "the client went away before its answer", e);
            }
        }

        @Override
        public DataReader dataReader() {
            return reader;
        }

        @Override
        public ListenerContext listenerContext() {
            return ctx.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return ctx.executor();
        }

        @Override
        public DataWriter dataWriter() {
            return ctx.dataWriter();
        }

        @Override
        public Router router() {
            return ctx.router();
        }

        @Override
        public java.util.Optional<ProxyProtocolData> proxyProtocolData() {
            return ctx.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return ctx.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return ctx.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return ctx.localPeer();
        }

        @Override
        public boolean isSecure() {
            return ctx.isSecure();
        }

        @Override
        public String socketId() {
            return ctx.socketId();
        }

        @Override
        public String childSocketId() {
            return ctx.childSocketId();
        }
    }

    /** Helidon's connection, registered with the guard while it runs. */
    private final class GuardedConnection implements ServerConnection, InterruptableTask<Void> {

        private final Guarded guarded;
        private final ServerConnection connection;

        GuardedConnection(Guarded guarded, ServerConnection connection) {
            this.guarded = guarded;
            this.connection = connection;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            open.add(guarded);
            if (!guarded.overLimit) {
                served.incrementAndGet();
            }
            try {
                connection.handle(limit);
            } finally {
                guarded.ended();
                open.remove(guarded);
                if (!guarded.overLimit) {
                    served.decrementAndGet();
                }
            }
        }

        @Override
        public Duration idleTime() {
            return connection.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            connection.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return connection instanceof InterruptableTask<?> task && task.canInterrupt();
        }
    }
}

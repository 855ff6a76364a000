package io.eventserver.adapters.http.edge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * The HTTP/1.1 edge of the web server (ADR 18, 50): Helidon's HTTP/1 connections, each read through an
 * {@link EdgeConnection}, with {@link RequestFraming} deciding on every parsed head where its request ends, a head
 * and a body time-out told to Helidon's own idle-connection check, and a limit on open connections past which each
 * new one is answered 503 and closed. Helidon 4.3 lacks all four: it lets {@code Content-Length} with
 * {@code Transfer-Encoding} through, answers 500 to a chunk extension, refreshes no deadline for a trickled head,
 * and its {@code max-tcp-connections} only stops accepting.
 */
public final class Http1Edge implements ServerConnectionSelector, AutoCloseable {

    /** Server-Sent Events: a response that lasts as long as its client stays. */
    private static final String EVENT_STREAM = "text/event-stream";

    final long headerNanos;
    final long bodyNanos;
    final int maxPrologue;
    private final int maxConnections;
    private final Http1ConnectionSelector http1;
    private final AtomicInteger open = new AtomicInteger();
    /** Open connections that are served, i.e. not over the limit. */
    private final AtomicInteger served = new AtomicInteger();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;
    private final Meter openGauge;

    private Http1Edge(Duration headerTimeout, Duration bodyTimeout, int maxConnections, Http1Config.Builder http1,
                      MeterRegistry metrics) {
        this.headerNanos = headerTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
        this.maxConnections = maxConnections;
        this.metrics = metrics;
        Http1Config config = http1
                .addReceiveListener(new RequestFraming())
                .addSendListener(new Http1ConnectionListener() {
                    @Override
                    public void headers(ConnectionContext ctx, Headers headers) {
                        if (ctx instanceof EdgeConnection connection) {
                            boolean closes = headers.contains(HeaderValues.CONNECTION_CLOSE);
                            connection.responding(closes);
                            if (closes && headers.first(HeaderNames.CONTENT_TYPE)
                                    .map(type -> type.startsWith(EVENT_STREAM)).orElse(false)) {
                                // called on the thread that writes the response: the event stream's handler
                                connection.watchClient(Thread.currentThread());
                            }
                        }
                    }
                })
                // HTTP/1.0 has no Host; RequestFraming requires one Host of HTTP/1.1
                .validateRequestHostHeader(false)
                .build();
        this.maxPrologue = config.maxPrologueLength();
        this.http1 = Http1ConnectionSelector.builder().config(config).build();
        this.openGauge = metrics.getOrCreate(Gauge.builder("eventserver.http.connections", open::get)
                .description("Open HTTP connections"));
    }

    /**
     * Puts the edge in front of every connection of {@code server}: HTTP/1.1 from {@code http1} (with one more
     * receive and send listener), no other protocol.
     *
     * @param headerTimeout      how long a request head may take from its first byte
     * @param bodyTimeout        how long a body may take from the end of its head
     * @param maxConnections     open connections that are served; more are answered 503
     * @param connectionHeadroom connections accepted past {@code maxConnections} only to be answered 503
     */
    public static Http1Edge install(WebServerConfig.Builder server, Http1Config.Builder http1, Duration headerTimeout,
                                    Duration bodyTimeout, int maxConnections, int connectionHeadroom,
                                    MeterRegistry metrics) {
        Http1Edge edge = new Http1Edge(headerTimeout, bodyTimeout, maxConnections, http1, metrics);
        server.protocolsDiscoverServices(false)
                .protocols(List.of())
                .addConnectionSelector(edge)
                // Helidon's own cap sits above ours, so that connections past our limit can still be answered 503;
                // it is what keeps accept() from running out of file descriptors
                .maxTcpConnections(maxConnections + connectionHeadroom);
        return edge;
    }

    // a selector has to answer these even when it is the only one (Helidon's HTTP/1 selector is not extensible)

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
        EdgeConnection connection = new EdgeConnection(ctx, this, served.get() >= maxConnections);
        return connection.runs(http1.connection(connection));
    }

    @Override
    public void close() {
        metrics.remove(openGauge);
        rejections.values().forEach(metrics::remove);
    }

    /** A connection starts ({@code +1}) or ends ({@code -1}). */
    void count(EdgeConnection connection, int change) {
        open.addAndGet(change);
        if (!connection.overLimit) {
            served.addAndGet(change);
        }
    }

    void rejected(String reason) {
        rejections.computeIfAbsent(reason, r -> metrics.getOrCreate(Counter.builder("eventserver.http.edge.rejections")
                        .description("Requests and connections refused at the edge, by reason")
                        .tags(List.of(Tag.create("reason", r)))))
                .increment();
    }
}

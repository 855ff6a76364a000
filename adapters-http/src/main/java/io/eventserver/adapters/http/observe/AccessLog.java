package io.eventserver.adapters.http.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.eventserver.adapters.http.events.EventsHttpService;
import io.eventserver.adapters.http.protocol.RequestId;
import io.eventserver.adapters.http.security.RouteAccess;
import io.eventserver.domain.event.TraceContext;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The first filter of every request: gives it a {@link RequestId}, and when the response is sent writes one
 * access-log line (logger {@code eventserver.access}, with the W3C trace id when the request has one; repeated 400s and 401s of one client sampled by
 * {@link LogSampler}) and records the request in the metrics: a latency histogram
 * per route template, method and status, and counters of publishes, consumes and acknowledgements by status.
 * Routes are templates ({@code /api/v1/streams/{streamName}/events}), never raw paths, so the number of series is
 * bounded by the number of routes; requests that matched no route count as {@code unmatched}.
 */
public final class AccessLog implements Filter {

    private static final System.Logger LOG = System.getLogger("eventserver.access");
    private static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry metrics;
    private final LogSampler sampler;
    private final Counter suppressed;
    /** Meters by method, route and status: looked up once, not built through the registry on every request. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public AccessLog(MeterRegistry metrics, int clientErrorsPerMinute) {
        this.metrics = metrics;
        this.sampler = new LogSampler(clientErrorsPerMinute, System::nanoTime);
        this.suppressed = metrics.getOrCreate(Counter.builder("eventserver.access.log.suppressed")
                .description("Access-log lines of repeated 400 and 401 answers not written (see LogSampler)"));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        RequestId id = RequestId.of(req);
        req.context().register(id);
        res.header(RequestId.HEADER, id.value());
        String method = req.prologue().method().text();
        res.whenSent(() -> {
            long nanos = System.nanoTime() - start;
            String route = req.matchingPattern().orElse("unmatched");
            String status = Integer.toString(res.status().code());
            record(method, route, status, nanos);
            String client = req.remotePeer().host();
            long droppedBefore = sampler.admit(client, res.status().code());
            if (droppedBefore < 0) {
                suppressed.increment();
                return;
            }
            LOG.log(System.Logger.Level.INFO, () -> "request_id=" + id.value() + " method=" + method + " route="
                    + route + " status=" + status + " duration_ms=" + milliseconds(nanos)
                    + " principal=" + RouteAccess.principal(req) + " client=" + client
                    + traceId(req)
                    + (droppedBefore > 0 ? " suppressed_before=" + droppedBefore : ""));
        });
        chain.proceed();
    }

    /** {@code " trace_id=…"} when the request carries a valid W3C {@code traceparent} (ADR 65), else nothing. */
    private static String traceId(RoutingRequest req) {
        List<String> traceparent = req.headers().all(TRACEPARENT, List::of);
        if (traceparent.isEmpty()) {
            return "";
        }
        return TraceContext.of(traceparent, List.of()).map(trace -> " trace_id=" + trace.traceId()).orElse("");
    }

    /** Nanoseconds as milliseconds with three decimals, e.g. {@code 1.116}; cheaper than a format string. */
    static String milliseconds(long nanos) {
        long micros = Math.max(0, nanos) / 1_000;
        long fraction = micros % 1_000;
        return (micros / 1_000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    private void record(String method, String route, String status, long nanos) {
        String key = method + ' ' + route + ' ' + status;
        timers.computeIfAbsent(key, k -> metrics.getOrCreate(Timer.builder("eventserver.http.requests")
                        .description("HTTP requests by route template, method and status")
                        .tags(List.of(Tag.create("method", method), Tag.create("route", route),
                                Tag.create("status", status)))
                        .buckets(BUCKETS)
                        // Helidon's default adds six client-side quantiles per series, which a Prometheus histogram
                        // must not carry (and which cannot be aggregated across nodes); the buckets say it all
                        .percentiles(new double[0])))
                .record(Duration.ofNanos(nanos));
        String operation = operation(method, route);
        if (operation != null) {
            counters.computeIfAbsent(key, k -> metrics.getOrCreate(Counter.builder("eventserver." + operation)
                            .description("Requests to " + operation.replace('_', ' ') + " by status")
                            .tags(List.of(Tag.create("status", status)))))
                    .increment();
        }
    }

    private static String operation(String method, String route) {
        if (route.equals(EventsHttpService.EVENTS_PATH)) {
            return switch (method) {
                case "POST" -> "publishes";
                case "GET" -> "consumes";
                default -> null;
            };
        }
        if ((route.equals(EventsHttpService.EVENT_PATH) || route.equals(EventsHttpService.ACKNOWLEDGEMENTS_PATH))
                && method.equals("POST")) {
            return "acknowledgements";
        }
        return null;
    }
}

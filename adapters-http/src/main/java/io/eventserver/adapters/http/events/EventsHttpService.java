package io.eventserver.adapters.http.events;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.eventserver.adapters.http.HttpSettings;
import io.eventserver.adapters.http.protocol.BadRequest;
import io.eventserver.adapters.http.protocol.Digests;
import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.adapters.http.protocol.MethodNotAllowed;
import io.eventserver.adapters.http.protocol.Requests;
import io.eventserver.adapters.http.security.Caller;
import io.eventserver.adapters.http.security.ConcurrencyLimit;
import io.eventserver.adapters.http.security.RouteAccess;
import io.eventserver.application.port.in.AcknowledgeEventUseCase.AcknowledgeEventCommand;
import io.eventserver.application.port.in.AcknowledgeEventUseCase;
import io.eventserver.application.port.in.FinishEventsUseCase;
import io.eventserver.application.port.in.InspectStreamsUseCase;
import io.eventserver.application.port.in.LeaseEventsUseCase;
import io.eventserver.application.port.in.PublishEventUseCase.PublishEventCommand;
import io.eventserver.application.port.in.PublishEventUseCase.Published;
import io.eventserver.application.port.in.PublishEventUseCase;
import io.eventserver.application.port.in.ReadEventsUseCase.BrowseQuery;
import io.eventserver.application.port.in.ReadEventsUseCase.ReadEventsQuery;
import io.eventserver.application.port.in.ReadEventsUseCase.Subscription;
import io.eventserver.application.port.in.ReadEventsUseCase;
import io.eventserver.application.port.in.SearchEventsUseCase;
import io.eventserver.application.port.out.VitalThread;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.event.EventDraft;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Idempotency;
import io.eventserver.domain.event.IdempotencyKey;
import io.eventserver.domain.event.RecordedEvent;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.event.TraceContext;
import io.eventserver.domain.schema.PayloadRejected;
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The three endpoints of the reference contract (publish, consume, acknowledge) and the look-up of one event; leased
 * reads, NACK, EXTEND and batch acknowledgements on the same resources (issue 24, ADR 52).
 */
public final class EventsHttpService implements HttpService, AutoCloseable {

    public static final String EVENTS_PATH = "/api/v1/streams/{streamName}/events";
    public static final String EVENT_PATH = "/api/v1/streams/{streamName}/events/{eventId}";
    public static final String BROWSE_PATH = "/api/v1/streams/{streamName}/event-names/{eventName}/events";
    public static final String ACKNOWLEDGEMENTS_PATH = "/api/v1/streams/{streamName}/acknowledgements";

    private static final HeaderName PRODUCER_ID = HeaderNames.create("X-Producer-ID");
    private static final HeaderName CONSUMER_ID = HeaderNames.create("X-Consumer-ID");
    private static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
    private static final HeaderName IDEMPOTENT_REPLAYED = HeaderNames.create("Idempotent-Replayed");
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final HeaderName EXPECTED_SEQUENCE = HeaderNames.create("X-Expected-Sequence");
    private static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
    private static final HeaderName TRACESTATE = HeaderNames.create("tracestate");
    private static final HeaderName LINK = HeaderNames.create("Link");
    /** A weight ({@code q=}) of an {@code Accept} media range: 0 to 1 with at most three decimals. */
    private static final Pattern WEIGHT = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    private final PublishEventUseCase publish;
    private final ReadEventsUseCase read;
    private final AcknowledgeEventUseCase acknowledge;
    private final LeaseEventsUseCase lease;
    private final FinishEventsUseCase finish;
    private final LeaseMetrics leaseMetrics;
    private final InspectStreamsUseCase inspect;
    private final SearchEventsUseCase search;
    private final EventDocumentParser documents;
    private final int maxBodyBytes;
    private final HttpSettings.Batches batches;
    private final int maxWaitSeconds;
    private final StalledWrites stalledWrites =
            new StalledWrites(Duration.ofSeconds(EventStream.STALLED_WRITE_SECONDS));
    private final Semaphore largeBatches = new Semaphore(HttpSettings.Batches.LARGE_AT_ONCE);

    public EventsHttpService(PublishEventUseCase publish, ReadEventsUseCase read, AcknowledgeEventUseCase acknowledge,
                             LeaseEventsUseCase lease, FinishEventsUseCase finish, InspectStreamsUseCase inspect,
                             SearchEventsUseCase search, HttpSettings settings, LeaseMetrics leaseMetrics) {
        this.publish = Objects.requireNonNull(publish, "publish");
        this.read = Objects.requireNonNull(read, "read");
        this.acknowledge = Objects.requireNonNull(acknowledge, "acknowledge");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.finish = Objects.requireNonNull(finish, "finish");
        this.leaseMetrics = Objects.requireNonNull(leaseMetrics, "leaseMetrics");
        this.inspect = Objects.requireNonNull(inspect, "inspect");
        this.search = Objects.requireNonNull(search, "search");
        this.documents = new EventDocumentParser(settings.maxJsonDepth());
        this.maxBodyBytes = settings.maxBodyBytes();
        this.batches = settings.batch();
        this.maxWaitSeconds = settings.waiting().maxWaitSeconds();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(EVENTS_PATH, this::publish)
                .get(EVENTS_PATH, this::consume)
                .any(EVENTS_PATH, MethodNotAllowed.handler("GET, POST"))
                .post(EVENT_PATH, this::acknowledge)
                .get(EVENT_PATH, this::lookUp)
                .any(EVENT_PATH, MethodNotAllowed.handler("GET, POST, DELETE"))
                .get(BROWSE_PATH, this::browse)
                .any(BROWSE_PATH, MethodNotAllowed.handler("GET"))
                .post(ACKNOWLEDGEMENTS_PATH, this::acknowledgeMany)
                .any(ACKNOWLEDGEMENTS_PATH, MethodNotAllowed.handler("POST"));
    }

    /**
     * Looks at the events of one name after {@code after} (default 0) without a consumer — nothing is claimed and
     * no offset read or moved; with {@code since}, {@code until} and {@code contains} finds the events received in
     * a time range and containing a JSON object, examining at most {@code api.max-scan} events, with a
     * {@code Link: <…after=N>; rel="next"} where the search continues (ADR 67). With
     * {@code Accept: text/event-stream} follows them as they are committed (after {@code Last-Event-ID} when
     * reconnecting). Allowed to whoever may see the stream, as the look-up by id is.
     */
    private void browse(ServerRequest req, ServerResponse res) {
        RouteAccess.requireVisible(req, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        Requests.requireUtf8Target(req);
        EventName eventName = new EventName(req.path().pathParameters().get("eventName"));
        Sequence after = req.query().contains("after")
                ? sequenceParameter(Requests.singleQueryParameter(req, "after"), "after")
                : Sequence.ZERO;
        int limit = req.query().contains("limit") ? Requests.integerQueryParameter(req, "limit") : 100;
        Optional<Instant> since = instantParameter(req, "since");
        Optional<Instant> until = instantParameter(req, "until");
        Optional<String> contains = req.query().contains("contains")
                ? Optional.of(Requests.singleQueryParameter(req, "contains"))
                : Optional.empty();
        if (acceptsEventStream(req)) {
            if (since.isPresent() || until.isPresent() || contains.isPresent()) {
                throw new BadRequest("since, until and contains cannot be used with Accept: text/event-stream");
            }
            Sequence from = lastEventId(req).orElse(after);
            try (Subscription subscription = read.watch(new BrowseQuery(stream, eventName, from, limit))) {
                ConcurrencyLimit.leave(req);
                EventStream.send(res, subscription, stalledWrites);
            }
            return;
        }
        SearchEventsUseCase.Found found = search.search(new SearchEventsUseCase.SearchQuery(stream, eventName, after,
                limit, since, until, contains));
        found.next().ifPresent(next -> res.header(LINK, "<" + continuation(req, next) + ">; rel=\"next\""));
        JsonResponses.sendJson(res, Status.OK_200, EventsJson.page(found.events()));
    }

    /** The same request with {@code after=N}: its path and its other query parameters as they were sent. */
    private static String continuation(ServerRequest req, Sequence next) {
        String query = Arrays.stream(req.query().rawValue().split("&"))
                .filter(part -> !part.isEmpty() && !part.equals("after") && !part.startsWith("after="))
                .collect(Collectors.joining("&"));
        return req.path().rawPath() + "?" + (query.isEmpty() ? "" : query + "&") + "after=" + next.value();
    }

    /** An optional ISO-8601 instant ({@code 2026-12-05T07:00:00Z}, or with an offset), once at most. */
    private static Optional<Instant> instantParameter(ServerRequest req, String name) {
        if (!req.query().contains(name)) {
            return Optional.empty();
        }
        String value = Requests.singleQueryParameter(req, name);
        try {
            return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            throw new BadRequest(name + " must be an ISO-8601 instant with an offset (2026-12-05T07:00:00Z)");
        }
    }

    static Sequence sequenceParameter(String value, String name) {
        if (!value.strip().matches("[0-9]{1,18}")) {
            throw new BadRequest(name + " must be the sequence of an event (an integer >= 0)");
        }
        return new Sequence(Long.parseLong(value.strip()));
    }

    private void publish(ServerRequest req, ServerResponse res) {
        Caller caller = RouteAccess.require(req, Action.PUBLISH, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        ProducerId producer = new ProducerId(Requests.singleHeader(req, PRODUCER_ID));
        Optional<IdempotencyKey> key = idempotencyKey(req);
        Optional<Sequence> expectedLast = expectedSequence(req);
        Optional<TraceContext> trace = traceContext(req);
        Requests.requireContentType(req, "application/json");
        byte[] body = Requests.publishBody(req, maxBodyBytes, batches.maxBodyBytes(), largeBatches);
        try {
            boolean batch = Requests.opensArray(body);
            List<EventDraft> drafts = batch
                    ? documents.parseBatch(body, batches.maxSize())
                    : List.of(documents.parse(body));
            if (trace.isPresent()) {
                drafts = drafts.stream().map(draft -> draft.traced(trace)).toList();
            }
            Published published;
            try {
                published = publish.publish(new PublishEventCommand(stream, producer, drafts,
                        key.map(k -> new Idempotency(k, Digests.sha256Hex(body))), caller.login(), expectedLast));
            } catch (PayloadRejected rejected) {
                throw batch ? rejected.inBatch() : rejected;
            }
            if (published.replayed()) {
                res.header(IDEMPOTENT_REPLAYED, "true");
            }
            JsonResponses.sendJson(res, Status.OK_200, batch
                    ? EventsJson.ids(published.ids())
                    : JsonResponses.quote(published.ids().getFirst().toString()));
        } finally {
            if (body.length > maxBodyBytes) {
                largeBatches.release();
            }
        }
    }

    /** The watchdog of event streams: without it, a client that stops reading holds its stream for ever. */
    public VitalThread vitalThread() {
        return new VitalThread("eventserver-stalled-writes", stalledWrites::alive);
    }

    /** Stops the watchdog of event streams; the server has stopped. */
    @Override
    public void close() {
        stalledWrites.close();
    }

    /**
     * {@code Accept: text/event-stream}: the consumer wants the events streamed as they are committed — named
     * explicitly (not through a wildcard) with a weight above 0: {@code text/event-stream;q=0} says "not this"
     * (RFC 9110, 12.4.2), and a weight that is no number between 0 and 1 makes its media range count as not sent.
     */
    static boolean acceptsEventStream(ServerRequest req) {
        return req.headers().all(HeaderNames.ACCEPT, List::of).stream()
                .flatMap(accept -> Arrays.stream(accept.split(",")))
                .anyMatch(EventsHttpService::acceptsEventStream);
    }

    static boolean acceptsEventStream(String mediaRange) {
        String[] parts = mediaRange.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals("text/event-stream")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() >= 2 && parameter.substring(0, 2).equalsIgnoreCase("q=")) {
                String weight = parameter.substring(2).strip();
                return WEIGHT.matcher(weight).matches() && Double.parseDouble(weight) > 0;
            }
        }
        return true;
    }

    /**
     * Streams the events as Server-Sent Events, after the consumer's offset or after {@code Last-Event-ID} (a
     * sequence); {@code limit}, optional, is the most events per flush (default 100).
     */
    private void follow(ServerRequest req, ServerResponse res, StreamName stream, ConsumerId consumer,
                        EventName eventName, Caller caller) {
        int limit = req.query().contains("limit") ? Requests.integerQueryParameter(req, "limit") : 100;
        Optional<Sequence> after = lastEventId(req);
        try (Subscription subscription = read.follow(new ReadEventsQuery(stream, consumer, eventName, limit,
                caller.login()), after)) {
            // a streaming consumer is bounded by api.max-waiting, not by the requests that run
            ConcurrencyLimit.leave(req);
            EventStream.send(res, subscription, stalledWrites);
        }
    }

    private static Optional<Sequence> lastEventId(ServerRequest req) {
        return sequenceHeader(req, LAST_EVENT_ID);
    }

    /** A header that is absent or once the sequence of an event, an integer >= 0 (else 400). */
    private static Optional<Sequence> sequenceHeader(ServerRequest req, HeaderName name) {
        List<String> values = req.headers().all(name, List::of);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new BadRequest(name.defaultCase() + " must be the sequence of an event (an integer >= 0)");
        }
        return Optional.of(sequenceParameter(values.getFirst(), name.defaultCase()));
    }

    /** The optional {@code wait}: whole seconds, 0 (the default, answer at once) to {@code api.max-wait}. */
    private int waitSeconds(ServerRequest req) {
        if (!req.query().contains("wait")) {
            return 0;
        }
        String value = Requests.singleQueryParameter(req, "wait");
        if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) > maxWaitSeconds) {
            throw new BadRequest("wait must be an integer between 0 and " + maxWaitSeconds + " (seconds)");
        }
        return Integer.parseInt(value);
    }

    /**
     * The optional {@code X-Expected-Sequence} (ADR 64): the last sequence of the event name the publish expects, 0
     * for none.
     */
    private static Optional<Sequence> expectedSequence(ServerRequest req) {
        return sequenceHeader(req, EXPECTED_SEQUENCE);
    }

    /**
     * The W3C trace context of the request (ADR 65), stored with its events; an invalid one is ignored, never
     * refused. Without a {@code traceparent} header nothing more is looked at.
     */
    private static Optional<TraceContext> traceContext(ServerRequest req) {
        List<String> traceparent = req.headers().all(TRACEPARENT, List::of);
        if (traceparent.isEmpty()) {
            return Optional.empty();
        }
        return TraceContext.of(traceparent, req.headers().all(TRACESTATE, List::of));
    }

    /** The optional {@code Idempotency-Key}: once at most, 1–255 printable ASCII characters. */
    private static Optional<IdempotencyKey> idempotencyKey(ServerRequest req) {
        List<String> values = req.headers().all(IDEMPOTENCY_KEY, List::of);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new BadRequest("Idempotency-Key must be given once");
        }
        if (values.getFirst().isEmpty()) {
            throw new BadRequest("Idempotency-Key must be 1-255 printable ASCII characters (0x21-0x7E)");
        }
        return Optional.of(new IdempotencyKey(values.getFirst()));
    }

    private void consume(ServerRequest req, ServerResponse res) {
        Caller caller = RouteAccess.require(req, Action.CONSUME, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        ConsumerId consumer = new ConsumerId(Requests.singleHeader(req, CONSUMER_ID));
        Requests.requireUtf8Target(req);
        EventName eventName = new EventName(Requests.singleQueryParameter(req, "eventName"));
        boolean leased = req.query().contains("lease");
        if (!leased && (req.query().contains("maxInFlight") || req.query().contains("maxDeliveries"))) {
            throw new BadRequest("maxInFlight and maxDeliveries go with a leased read (lease=S)");
        }
        if (acceptsEventStream(req)) {
            if (leased) {
                throw new BadRequest("lease cannot be used with Accept: text/event-stream");
            }
            follow(req, res, stream, consumer, eventName, caller);
            return;
        }
        int limit = Requests.integerQueryParameter(req, "limit");
        int wait = waitSeconds(req);
        OptionalInt leaseSeconds = optionalInteger(req, "lease");
        OptionalInt maxInFlight = optionalInteger(req, "maxInFlight");
        OptionalInt maxDeliveries = optionalInteger(req, "maxDeliveries");
        if (wait > 0) {
            // a waiting consumer is bounded by api.max-waiting, not by the requests that run
            ConcurrencyLimit.leave(req);
        }
        if (leased) {
            LeaseEventsUseCase.LeasedPage page = lease.lease(new LeaseEventsUseCase.LeaseQuery(stream, consumer,
                    eventName, limit, caller.login(), Duration.ofSeconds(wait), leaseSeconds.getAsInt(), maxInFlight,
                    maxDeliveries));
            leaseMetrics.leased(stream, page);
            JsonResponses.sendJson(res, Status.OK_200, EventsJson.leased(page.events()));
            return;
        }

        List<RecordedEvent> events = read.read(new ReadEventsQuery(stream, consumer, eventName, limit, caller.login(),
                Duration.ofSeconds(wait)));
        JsonResponses.sendJson(res, Status.OK_200, EventsJson.page(events));
    }

    /** An optional query parameter, once at most, an integer of 1–9 digits; its range is the use case's to check. */
    private static OptionalInt optionalInteger(ServerRequest req, String name) {
        return req.query().contains(name) ? OptionalInt.of(Requests.integerQueryParameter(req, name))
                : OptionalInt.empty();
    }

    /**
     * {@code action=ACK} (cumulative, or one event that was leased), {@code action=NACK} with an optional
     * {@code delay=S}, {@code action=EXTEND&lease=S}; other fields are ignored.
     */
    private void acknowledge(ServerRequest req, ServerResponse res) {
        Caller caller = RouteAccess.require(req, Action.CONSUME, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        EventId event = EventId.parse(req.path().pathParameters().get("eventId"));
        ConsumerId consumer = new ConsumerId(Requests.singleHeader(req, CONSUMER_ID));
        Requests.requireContentType(req, "application/x-www-form-urlencoded");
        Forms.Form form = Forms.parse(Requests.body(req, Forms.MAX_FORM_BYTES));
        String action = form.required("action", "ACK");
        OptionalInt delay = form.integer("delay");
        OptionalInt leaseSeconds = form.integer("lease");
        switch (action) {
            case "ACK" -> acknowledge.acknowledge(new AcknowledgeEventCommand(stream, consumer, event,
                    caller.login()));
            case "NACK" -> leaseMetrics.released(stream, finish.finish(new FinishEventsUseCase.FinishCommand(stream,
                    consumer, FinishEventsUseCase.Action.NACK, List.of(event), delay, OptionalInt.empty(),
                    caller.login())));
            case "EXTEND" -> finish.finish(new FinishEventsUseCase.FinishCommand(stream, consumer,
                    FinishEventsUseCase.Action.EXTEND, List.of(event), OptionalInt.empty(), leaseSeconds,
                    caller.login()));
            default -> throw new BadRequest("action must be ACK, NACK or EXTEND");
        }
        JsonResponses.sendString(res, Status.OK_200, "OK");
    }

    /**
     * Batch: {@code {"action": "ACK"|"NACK"|"EXTEND", "eventIds": […], "delay": S, "lease": S}} answered with
     * {@code {"acknowledged": n}}, {@code {"released": n}} or {@code {"extended": n}}: all of them or none.
     */
    private void acknowledgeMany(ServerRequest req, ServerResponse res) {
        Caller caller = RouteAccess.require(req, Action.CONSUME, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        ConsumerId consumer = new ConsumerId(Requests.singleHeader(req, CONSUMER_ID));
        Requests.requireContentType(req, "application/json");
        Acknowledgements.Batch batch = Acknowledgements.parse(Requests.body(req, maxBodyBytes));
        int count = finish.finish(new FinishEventsUseCase.FinishCommand(stream, consumer, batch.action(),
                batch.events(), batch.delay(), batch.lease(), caller.login()));
        if (batch.action() == FinishEventsUseCase.Action.NACK) {
            leaseMetrics.released(stream, count);
        }
        JsonResponses.sendJson(res, Status.OK_200, "{" + JsonResponses.quote(switch (batch.action()) {
            case ACK -> "acknowledged";
            case NACK -> "released";
            case EXTEND -> "extended";
        }) + ":" + count + "}");
    }

    private void lookUp(ServerRequest req, ServerResponse res) {
        RouteAccess.requireVisible(req, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        EventId event = EventId.parse(req.path().pathParameters().get("eventId"));
        JsonResponses.sendJson(res, Status.OK_200, EventsJson.single(inspect.event(stream, event)));
    }
}

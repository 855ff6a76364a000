package io.eventserver.adapters.http.events;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

import io.eventserver.adapters.http.HttpSettings;
import io.eventserver.adapters.http.security.ConcurrencyLimit;
import io.eventserver.adapters.http.errors.BadRequest;
import io.eventserver.adapters.http.errors.MethodNotAllowed;
import io.eventserver.adapters.http.protocol.Digests;
import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.adapters.http.protocol.Requests;
import io.eventserver.adapters.http.security.Caller;
import io.eventserver.adapters.http.security.RouteAccess;
import io.eventserver.application.port.in.AcknowledgeEventUseCase.AcknowledgeEventCommand;
import io.eventserver.application.port.in.AcknowledgeEventUseCase;
import io.eventserver.application.port.in.InspectStreamsUseCase;
import io.eventserver.application.port.in.PublishEventUseCase.PublishEventCommand;
import io.eventserver.application.port.in.PublishEventUseCase.Published;
import io.eventserver.application.port.in.PublishEventUseCase;
import io.eventserver.application.port.in.ReadEventsUseCase.BrowseQuery;
import io.eventserver.application.port.in.ReadEventsUseCase.ReadEventsQuery;
import io.eventserver.application.port.in.ReadEventsUseCase.Subscription;
import io.eventserver.application.port.in.ReadEventsUseCase;
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
import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The three endpoints of the reference contract (publish, consume, acknowledge) and the look-up of one event. */
public final class EventsHttpService implements HttpService, AutoCloseable {

    public static final String EVENTS_PATH = "/api/v1/streams/{streamName}/events";
    public static final String EVENT_PATH = "/api/v1/streams/{streamName}/events/{eventId}";
    public static final String BROWSE_PATH = "/api/v1/streams/{streamName}/event-names/{eventName}/events";

    private static final HeaderName PRODUCER_ID = HeaderNames.create("X-Producer-ID");
    private static final HeaderName CONSUMER_ID = HeaderNames.create("X-Consumer-ID");
    private static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
    private static final HeaderName IDEMPOTENT_REPLAYED = HeaderNames.create("Idempotent-Replayed");
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final int MAX_FORM_BYTES = 4096;
    /** A weight ({@code q=}) of an {@code Accept} media range: 0 to 1 with at most three decimals. */
    private static final Pattern WEIGHT = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    private final PublishEventUseCase publish;
    private final ReadEventsUseCase read;
    private final AcknowledgeEventUseCase acknowledge;
    private final InspectStreamsUseCase inspect;
    private final EventDocumentParser documents;
    private final int maxBodyBytes;
    private final HttpSettings.Batches batches;
    private final int maxWaitSeconds;
    private final StalledWrites stalledWrites =
            new StalledWrites(Duration.ofSeconds(EventStream.STALLED_WRITE_SECONDS));
    private final Semaphore largeBatches = new Semaphore(HttpSettings.Batches.LARGE_AT_ONCE);

    public EventsHttpService(PublishEventUseCase publish, ReadEventsUseCase read, AcknowledgeEventUseCase acknowledge,
                      InspectStreamsUseCase inspect, HttpSettings settings) {
        this.publish = Objects.requireNonNull(publish, "publish");
        this.read = Objects.requireNonNull(read, "read");
        this.acknowledge = Objects.requireNonNull(acknowledge, "acknowledge");
        this.inspect = Objects.requireNonNull(inspect, "inspect");
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
                .any(EVENT_PATH, MethodNotAllowed.handler("GET, POST"))
                .get(BROWSE_PATH, this::browse)
                .any(BROWSE_PATH, MethodNotAllowed.handler("GET"));
    }

    /**
     * Looks at the events of one name after {@code after} (default 0) without a consumer — nothing is claimed and
     * no offset read or moved; with {@code Accept: text/event-stream} follows them as they are committed (after
     * {@code Last-Event-ID} when reconnecting). Allowed to whoever may see the stream, as the look-up by id is.
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
        if (acceptsEventStream(req)) {
            Sequence from = lastEventId(req).orElse(after);
            try (Subscription subscription = read.watch(new BrowseQuery(stream, eventName, from, limit))) {
                ConcurrencyLimit.leave(req);
                EventStream.send(res, subscription, stalledWrites);
            }
            return;
        }
        JsonResponses.sendJson(res, Status.OK_200,
                EventsJson.array(read.browse(new BrowseQuery(stream, eventName, after, limit))));
    }

    private static Sequence sequenceParameter(String value, String name) {
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
        Requests.requireContentType(req, "application/json");
        byte[] body = Requests.publishBody(req, maxBodyBytes, batches.maxBodyBytes(), largeBatches);
        try {
            boolean batch = Requests.opensArray(body);
            List<EventDraft> drafts = batch
                    ? documents.parseBatch(body, batches.maxSize())
                    : List.of(documents.parse(body));
            Published published = publish.publish(new PublishEventCommand(stream, producer, drafts,
                    key.map(k -> new Idempotency(k, Digests.sha256Hex(body))), caller.login()));
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
        List<String> values = req.headers().all(LAST_EVENT_ID, List::of);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new BadRequest("Last-Event-ID must be the sequence of an event (an integer >= 0)");
        }
        return Optional.of(sequenceParameter(values.getFirst(), "Last-Event-ID"));
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
        if (acceptsEventStream(req)) {
            follow(req, res, stream, consumer, eventName, caller);
            return;
        }
        int limit = Requests.integerQueryParameter(req, "limit");
        int wait = waitSeconds(req);
        if (wait > 0) {
            // a waiting consumer is bounded by api.max-waiting, not by the requests that run
            ConcurrencyLimit.leave(req);
        }

        List<RecordedEvent> events = read.read(new ReadEventsQuery(stream, consumer, eventName, limit, caller.login(),
                Duration.ofSeconds(wait)));
        JsonResponses.sendJson(res, Status.OK_200, EventsJson.array(events));
    }

    private void acknowledge(ServerRequest req, ServerResponse res) {
        Caller caller = RouteAccess.require(req, Action.CONSUME, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        EventId event = EventId.parse(req.path().pathParameters().get("eventId"));
        ConsumerId consumer = new ConsumerId(Requests.singleHeader(req, CONSUMER_ID));
        Requests.requireContentType(req, "application/x-www-form-urlencoded");
        requireAckAction(Requests.body(req, MAX_FORM_BYTES));

        acknowledge.acknowledge(new AcknowledgeEventCommand(stream, consumer, event, caller.login()));
        JsonResponses.sendString(res, Status.OK_200, "OK");
    }

    private void lookUp(ServerRequest req, ServerResponse res) {
        RouteAccess.requireVisible(req, req.path().pathParameters().get("streamName"));
        StreamName stream = new StreamName(req.path().pathParameters().get("streamName"));
        EventId event = EventId.parse(req.path().pathParameters().get("eventId"));
        JsonResponses.sendJson(res, Status.OK_200, EventsJson.single(inspect.event(stream, event)));
    }

    /** The form body must carry {@code action=ACK} exactly once; other fields are ignored. */
    private static void requireAckAction(byte[] body) {
        String form = new String(body, StandardCharsets.UTF_8);
        String action = null;
        for (String field : form.split("&", -1)) {
            if (field.isEmpty()) {
                continue;
            }
            int equals = field.indexOf('=');
            String name = decode(equals < 0 ? field : field.substring(0, equals));
            if (name.equals("action")) {
                if (action != null) {
                    throw new BadRequest("action must be given once");
                }
                action = equals < 0 ? "" : decode(field.substring(equals + 1));
            }
        }
        if (action == null) {
            throw new BadRequest("the form field action=ACK is required");
        }
        if (!action.equals("ACK")) {
            throw new BadRequest("action must be ACK");
        }
    }

    private static String decode(String formText) {
        try {
            return URLDecoder.decode(formText, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the form body is not valid application/x-www-form-urlencoded");
        }
    }
}

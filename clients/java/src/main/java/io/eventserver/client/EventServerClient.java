package io.eventserver.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client of eventserver's HTTP API, on the JDK's {@link HttpClient} and Jackson. Thread-safe; make one per
 * server and user and share it.
 * <pre>{@code
 * try (EventServerClient client = EventServerClient.builder(URI.create("http://localhost:8080"))
 *         .credentials("alice", "alice-pw").build()) {
 *     String id = client.publish("orders", "shop", Map.of(
 *             "event", Map.of("name", "OrderPlaced", "version", 1),
 *             "system", Map.of("id", "shop-1", "name", "shop", "time", "2026-12-02 10:00:00", "timezone", "UTC"),
 *             "trigger", Map.of("type", "user", "name", "checkout"),
 *             "payload", Map.of("orderId", 42)));
 *     try (Subscription billing = client.subscribe("orders", "billing", "OrderPlaced",
 *             event -> System.out.println(event.payload()))) {
 *         ...
 *     }
 * }
 * }</pre>
 * Replicas of one consumer share its id with leases (ADR 68): {@code client.subscribe("orders", "billing",
 * "OrderPlaced", Leases.of(Duration.ofSeconds(60)), event -> ...)} — each event goes to one of them, one whose
 * handler throws is given back, and one that fails too often ends in the consumer's dead letters.
 * <p>
 * Publishes carry an {@code Idempotency-Key} the client makes, so it retries them — on a broken connection, a 503 or
 * a 429 — with exponential backoff and jitter, up to {@code maxAttempts}, without storing an event twice. Other
 * failures are thrown at once as the {@link EventServerException} of their status.
 */
public final class EventServerClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventServerClient.class.getName());

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration pollWait;
    private final int pageSize;

    private EventServerClient(Builder builder) {
        String root = builder.baseUrl.toString();
        this.base = URI.create(root.endsWith("/") ? root : root + "/");
        this.authorization = builder.user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (builder.user + ":" + builder.password).getBytes(StandardCharsets.UTF_8));
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout)
                .version(HttpClient.Version.HTTP_1_1);
        if (builder.sslContext != null) {
            http.sslContext(builder.sslContext);
        }
        this.http = http.build();
        this.requestTimeout = builder.requestTimeout;
        this.json = builder.objectMapper;
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.pollWait = builder.pollWait;
        this.pageSize = builder.pageSize;
    }

    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Publishes one event and returns its id.
     *
     * @param event the whole document ({@code event}, {@code system}, {@code trigger}, {@code payload}): a JSON text,
     *              a {@link JsonNode}, or anything Jackson writes as such an object
     */
    public String publish(String stream, String producer, Object event) {
        return publishBody(stream, producer, body(event)).asText();
    }

    /** Publishes the events as one batch, all or none, and returns their ids in order. */
    public List<String> publishBatch(String stream, String producer, List<?> events) {
        StringBuilder batch = new StringBuilder("[");
        for (Object event : events) {
            batch.append(batch.length() == 1 ? "" : ",").append(body(event));
        }
        JsonNode ids = publishBody(stream, producer, batch.append(']').toString());
        List<String> result = new ArrayList<>(ids.size());
        ids.forEach(id -> result.add(id.asText()));
        return result;
    }

    private JsonNode publishBody(String stream, String producer, String body) {
        String key = UUID.randomUUID().toString();
        return send(() -> request("api/v1/streams/" + segment(stream) + "/events")
                .header("X-Producer-ID", producer)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), true);
    }

    /**
     * Reads at most {@code limit} events of {@code eventName} after the consumer's offset; with a {@code wait} above
     * zero a caught-up consumer's read is answered when an event arrives or the wait is over (empty list).
     */
    public List<Event> read(String stream, String consumer, String eventName, int limit, Duration wait) {
        JsonNode page = send(() -> request("api/v1/streams/" + segment(stream) + "/events?eventName="
                        + URLEncoder.encode(eventName, StandardCharsets.UTF_8) + "&limit=" + limit + "&wait="
                        + wait.toSeconds(), wait)
                .header("X-Consumer-ID", consumer).GET(), true);
        List<Event> events = new ArrayList<>(page.size());
        for (JsonNode element : page) {
            events.add(event((ObjectNode) element));
        }
        return events;
    }

    /**
     * The event of an element: its {@code eventId}, {@code sequence} and {@code receivedAt}, and the document without
     * them. The element loses them and keeps whatever else the server added (a lease's members, a dead letter's).
     */
    private static Event event(ObjectNode element) {
        String id = element.remove("eventId").asText();
        long sequence = element.remove("sequence").asLong();
        Instant receivedAt = Instant.parse(element.remove("receivedAt").asText());
        ObjectNode document = element.deepCopy();
        return new Event(id, sequence, receivedAt, document);
    }

    /**
     * A leased read (issue 24, ADR 68): at most {@code limit} events of {@code eventName} that are leasable for the
     * consumer — after its offset and not acknowledged, dead-lettered or under an unexpired lease of it — each now
     * leased to this call for {@link Leases#duration}. Two readers of one consumer id, on any node, never get the same
     * event while its lease lasts. With a {@code wait} above zero a read with nothing leasable waits for something
     * to become leasable (a commit, an expired lease, a passed NACK delay), at most that long (empty list).
     */
    public List<LeasedEvent> lease(String stream, String consumer, String eventName, int limit, Duration wait,
                                   Leases leases) {
        JsonNode page = send(() -> request("api/v1/streams/" + segment(stream) + "/events?eventName="
                        + URLEncoder.encode(eventName, StandardCharsets.UTF_8) + "&limit=" + limit + "&wait="
                        + wait.toSeconds() + leases.query(), wait)
                .header("X-Consumer-ID", consumer).GET(), true);
        List<LeasedEvent> events = new ArrayList<>(page.size());
        for (JsonNode element : page) {
            ObjectNode copy = ((ObjectNode) element).deepCopy();
            int deliveries = copy.remove("deliveries").asInt();
            Instant expires = Instant.parse(copy.remove("leaseExpiresAt").asText());
            events.add(new LeasedEvent(event(copy), deliveries, expires));
        }
        return events;
    }

    /**
     * Gives a leased event back: its lease ends now, and it is leasable again after {@code delay} (whole seconds,
     * 0..the server's {@code api.max-lease}).
     *
     * @throws ConflictException when the event is not under an unexpired lease of the consumer (also when this call
     *                           was retried after an answer that got lost: the first attempt ended the lease)
     */
    public void nack(String stream, String consumer, String eventId, Duration delay) {
        finish(stream, consumer, eventId, "action=NACK&delay=" + delay.toSeconds());
    }

    /**
     * Extends a leased event's unexpired lease: it now ends {@code lease} from now (whole seconds), for long work.
     *
     * @throws ConflictException when the event is not under an unexpired lease of the consumer
     */
    public void extend(String stream, String consumer, String eventId, Duration lease) {
        finish(stream, consumer, eventId, "action=EXTEND&lease=" + lease.toSeconds());
    }

    private void finish(String stream, String consumer, String eventId, String form) {
        send(() -> request("api/v1/streams/" + segment(stream) + "/events/" + segment(eventId))
                .header("X-Consumer-ID", consumer)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), true);
    }

    /**
     * Acknowledges the events in one request, all or none, each as {@link #acknowledge} would (one leased to the
     * consumer alone, one never leased to it cumulatively); returns how many were acknowledged.
     *
     * @throws NotFoundException when one of them is not an event of the stream (and then none is acknowledged)
     */
    public int acknowledgeAll(String stream, String consumer, List<String> eventIds) {
        return batch(stream, consumer, "ACK", eventIds, null, null, "acknowledged");
    }

    /**
     * Gives the leased events back in one request, all or none (see {@link #nack}); returns how many.
     *
     * @throws ConflictException when one of them is not under an unexpired lease (and then none is given back)
     */
    public int nackAll(String stream, String consumer, List<String> eventIds, Duration delay) {
        return batch(stream, consumer, "NACK", eventIds, "delay", delay, "released");
    }

    /** Extends the leases of the events in one request, all or none (see {@link #extend}); returns how many. */
    public int extendAll(String stream, String consumer, List<String> eventIds, Duration lease) {
        return batch(stream, consumer, "EXTEND", eventIds, "lease", lease, "extended");
    }

    /** {@code {"action": …, "eventIds": […], <seconds>: …}}; the answer's count {@code counted}. */
    private int batch(String stream, String consumer, String action, List<String> eventIds, String seconds,
                      Duration duration, String counted) {
        ObjectNode body = json.createObjectNode().put("action", action);
        eventIds.forEach(body.putArray("eventIds")::add);
        if (seconds != null) {
            body.put(seconds, duration.toSeconds());
        }
        String text = body.toString();
        return send(() -> request("api/v1/streams/" + segment(stream) + "/acknowledgements")
                .header("X-Consumer-ID", consumer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)), true)
                .path(counted).asInt();
    }

    /**
     * A page of the consumer's dead letters of {@code eventName} after the sequence {@code after} (0: from the
     * first), at most {@code limit}; for the user the consumer id belongs to and admins.
     */
    public DeadLetterPage deadLetters(String stream, String consumer, String eventName, long after, int limit) {
        JsonNode page = send(() -> request(deadLettersPath(stream, consumer) + "?eventName="
                + URLEncoder.encode(eventName, StandardCharsets.UTF_8) + "&limit=" + limit + "&after=" + after)
                .GET(), true);
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (JsonNode element : page.path("deadLetters")) {
            ObjectNode copy = ((ObjectNode) element).deepCopy();
            int deliveries = copy.remove("deliveries").asInt();
            Instant deadLetteredAt = Instant.parse(copy.remove("deadLetteredAt").asText());
            deadLetters.add(new DeadLetter(event(copy), deliveries, deadLetteredAt));
        }
        JsonNode next = page.path("next");
        return new DeadLetterPage(deadLetters, next.isNumber() ? OptionalLong.of(next.asLong()) : OptionalLong.empty());
    }

    /**
     * Sends a dead letter back to the consumer: leasable again, its deliveries counted from 0.
     *
     * @throws NotFoundException when it is not a dead letter of the consumer (also when this call was retried after
     *                           an answer that got lost)
     */
    public void retryDeadLetter(String stream, String consumer, String eventId) {
        send(() -> request(deadLettersPath(stream, consumer) + "/" + segment(eventId))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=RETRY")), true);
    }

    /**
     * Removes a dead letter from the consumer's list; it stays done (never handed over again).
     *
     * @throws NotFoundException when it is not a dead letter of the consumer
     */
    public void deleteDeadLetter(String stream, String consumer, String eventId) {
        send(() -> request(deadLettersPath(stream, consumer) + "/" + segment(eventId)).DELETE(), true);
    }

    private static String deadLettersPath(String stream, String consumer) {
        return "api/v1/streams/" + segment(stream) + "/consumers/" + segment(consumer) + "/dead-letters";
    }

    /**
     * Acknowledges the event: the consumer's offset moves to it (never backwards); repeating it is harmless. An event
     * leased to the consumer ({@link #lease}) is acknowledged alone, even after its lease expired.
     */
    public void acknowledge(String stream, String consumer, String eventId) {
        send(() -> request("api/v1/streams/" + segment(stream) + "/events/" + segment(eventId))
                .header("X-Consumer-ID", consumer)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=ACK")), true);
    }

    /**
     * Starts a consumer loop ({@link Subscription}) on its own thread; failures the loop retries are logged.
     */
    public Subscription subscribe(String stream, String consumer, String eventName, EventHandler handler) {
        return subscribe(stream, consumer, eventName, handler,
                e -> LOG.log(Level.WARNING, "subscription " + stream + "/" + consumer + ": " + e.getMessage()));
    }

    /** As {@link #subscribe(String, String, String, EventHandler)}, handing the loop's failures to {@code errors}. */
    public Subscription subscribe(String stream, String consumer, String eventName, EventHandler handler,
                                  Consumer<Exception> errors) {
        return Subscription.cumulative(this, stream, consumer, eventName, handler, errors).start();
    }

    /**
     * Starts a leased consumer loop ({@link Subscription}) on its own thread: any number of them, in one process or
     * in several, may share one consumer id and get disjoint events. Failures the loop retries are logged.
     */
    public Subscription subscribe(String stream, String consumer, String eventName, Leases leases,
                                  LeasedEventHandler handler) {
        return subscribe(stream, consumer, eventName, leases, handler,
                e -> LOG.log(Level.WARNING, "subscription " + stream + "/" + consumer + ": " + e.getMessage()));
    }

    /**
     * As {@link #subscribe(String, String, String, Leases, LeasedEventHandler)}, handing the loop's failures (and
     * the handler's exceptions) to {@code errors}.
     */
    public Subscription subscribe(String stream, String consumer, String eventName, Leases leases,
                                  LeasedEventHandler handler, Consumer<Exception> errors) {
        return Subscription.leased(this, stream, consumer, eventName, leases, handler, errors).start();
    }

    Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }

    Duration pollWait() {
        return pollWait;
    }

    int pageSize() {
        return pageSize;
    }

    private interface RequestFactory {
        HttpRequest.Builder build();
    }

    /** Sends, retrying a broken connection, 503 and 429 when {@code retry} (the request is safe to repeat). */
    private JsonNode send(RequestFactory factory, boolean retry) {
        Backoff backoff = backoff();
        for (int attempt = 1; ; attempt++) {
            EventServerException failure;
            try {
                HttpResponse<String> response = http.send(factory.build().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                JsonNode body = parse(response.body());
                if (response.statusCode() >= 200 && response.statusCode() < 300) {
                    return body;
                }
                failure = EventServerException.of(response.statusCode(), body.isTextual() ? body.asText()
                        : response.body());
                if (!(failure instanceof ServiceUnavailableException || failure instanceof TooManyRequestsException)) {
                    throw failure;
                }
            } catch (IOException e) {
                failure = new ConnectionFailedException("no answer from " + base + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionFailedException("interrupted", e);
            }
            if (!retry || attempt >= maxAttempts) {
                throw failure;
            }
            try {
                Thread.sleep(backoff.next());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return request(path, Duration.ZERO);
    }

    private HttpRequest.Builder request(String path, Duration wait) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout.plus(wait));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private String body(Object event) {
        if (event instanceof String text) {
            return text;
        }
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body.isEmpty() ? "null" : body);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(body);
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The JDK's client holds no resources that need closing before JDK 21; from 21 on it is closed here. */
    @Override
    public void close() {
        http.close();
    }

    /** How to reach the server and how patient to be. */
    public static final class Builder {

        private final URI baseUrl;
        private String user;
        private String password;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private SSLContext sslContext;
        private int maxAttempts = 8;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration pollWait = Duration.ofSeconds(30);
        private int pageSize = 100;
        private ObjectMapper objectMapper = new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

        private Builder(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /** HTTP Basic credentials of the user. */
        public Builder credentials(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long one request may take (a long-poll: this plus its wait). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** For HTTPS with a private certificate authority. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Attempts per request (1: no retries) and the backoff between them: a random pause up to
         * {@code initial} × 2^attempt, at most {@code max}.
         */
        public Builder retries(int maxAttempts, Duration initial, Duration max) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = maxAttempts;
            this.initialBackoff = Objects.requireNonNull(initial, "initial");
            this.maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /** A subscription's long-poll {@code wait} (at most the server's {@code api.max-wait}) and page size. */
        public Builder polling(Duration wait, int pageSize) {
            this.pollWait = Objects.requireNonNull(wait, "wait");
            this.pageSize = pageSize;
            return this;
        }

        /** The mapper that writes published objects and reads documents (default: decimals kept exactly). */
        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        public EventServerClient build() {
            return new EventServerClient(this);
        }
    }
}

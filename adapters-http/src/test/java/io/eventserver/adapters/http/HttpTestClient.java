package io.eventserver.adapters.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A small HTTP client for tests that talk to a real server socket. */
public final class HttpTestClient {

    /** Time-outs that only stop a test whose server hangs: a loaded machine is slow, not wrong. */
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final String[] bases;
    private final AtomicInteger next = new AtomicInteger();
    private String authorization;

    public HttpTestClient(int port) {
        this.bases = new String[] {"http://127.0.0.1:" + port};
    }

    /**
     * A client of several server processes: each request goes to the next one, round robin, as a load balancer
     * without stickiness would send it.
     */
    public HttpTestClient(int... ports) {
        this.bases = new String[ports.length];
        for (int i = 0; i < ports.length; i++) {
            bases[i] = "http://127.0.0.1:" + ports[i];
        }
    }

    /** Sends HTTP Basic credentials with every following request; {@code null} sends none. */
    public HttpTestClient as(String user, String password) {
        this.authorization = user == null ? null : basic(user, password);
        return this;
    }

    public HttpTestClient authorization(String header) {
        this.authorization = header;
        return this;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The 256 spellings of one Basic credential whose base64 ends in one padding character: the scheme in each of
     * its 32 cases, with or without the padding, and the last character's two unused bits in each of their 4
     * values. Every one of them decodes to the same login and password.
     */
    public static List<String> basicSpellings(String user, String password) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        String encoded = basic(user, password).substring(6);
        if (!encoded.endsWith("=") || encoded.endsWith("==")) {
            throw new IllegalArgumentException("login:password must be 2 bytes more than a multiple of 3 long");
        }
        String bare = encoded.substring(0, encoded.length() - 1);
        int last = alphabet.indexOf(bare.charAt(bare.length() - 1));
        List<String> spellings = new ArrayList<>();
        for (int cases = 0; cases < 32; cases++) {
            StringBuilder scheme = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                char c = "basic".charAt(i);
                scheme.append((cases >> i & 1) == 1 ? Character.toUpperCase(c) : c);
            }
            for (int bits = 0; bits < 4; bits++) {
                String token = bare.substring(0, bare.length() - 1) + alphabet.charAt(last & ~3 | bits);
                spellings.add(scheme + " " + token);
                spellings.add(scheme + " " + token + "=");
            }
        }
        return spellings;
    }

    public HttpResponse<String> publish(String stream, String producer, String json) {
        return send(request("/api/v1/streams/" + stream + "/events")
                .header("X-Producer-ID", producer)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> consume(String stream, String consumer, String eventName, int limit) {
        return send(request("/api/v1/streams/" + stream + "/events?eventName=" + eventName + "&limit=" + limit)
                .header("X-Consumer-ID", consumer)
                .GET());
    }

    public HttpResponse<String> acknowledge(String stream, String consumer, String eventId) {
        return send(request("/api/v1/streams/" + stream + "/events/" + eventId)
                .header("X-Consumer-ID", consumer)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=ACK")));
    }

    /** A request builder for {@code pathAndQuery}, with the current credentials. */
    public HttpRequest.Builder request(String pathAndQuery) {
        String base = bases[Math.floorMod(next.getAndIncrement(), bases.length)];
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A valid publish body for {@code eventName} carrying {@code payloadJson}. */
    public static String event(String eventName, String payloadJson) {
        return "{\"event\":{\"name\":\"" + eventName + "\",\"version\":1},"
                + "\"system\":{\"id\":\"alv123\",\"name\":\"codello alvine\",\"time\":\"2017-09-06 13:58:12\","
                + "\"timezone\":\"Europe/Berlin\"},"
                + "\"trigger\":{\"type\":\"system\",\"name\":\"/path/to/script.php\"},"
                + "\"payload\":" + payloadJson + "}";
    }
}

package io.eventserver.adapters.http.events;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.eventserver.application.port.in.ReadEventsUseCase.Subscription;
import io.eventserver.domain.event.RecordedEvent;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * Server-Sent Events of one followed (stream, event name) (ADR 35): each event as {@code id: <sequence>},
 * {@code event: <event name>} and {@code data: <the element as in the JSON array>} (a document with line breaks
 * takes several {@code data:} lines), a comment every {@value #HEARTBEAT_SECONDS} s when nothing happens, until the
 * client goes away or the server stops. Nothing is buffered beyond the socket: a client that stops reading blocks
 * the write, and a write blocked for {@value #STALLED_WRITE_SECONDS} s ends the stream (the thread is interrupted,
 * which closes the socket). A client that closes its connection ends the stream at once (the edge notices, issue
 * 29), and the connection closes with the stream.
 */
final class EventStream {

    static final int HEARTBEAT_SECONDS = 15;
    static final int STALLED_WRITE_SECONDS = 30;

    private EventStream() {
    }

    /** Sends the events of {@code subscription} as they come; returns when the client or the server ends it. */
    static void send(ServerResponse res, Subscription subscription, StalledWrites stalled) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        // a stream ends only when its client or the server goes: the connection with it, so that the edge may read
        // the connection meanwhile to notice a client that went away (issue 29; EdgeConnection)
        res.header(HeaderValues.CONNECTION_CLOSE);
        try (OutputStream out = res.outputStream()) {
            write(out, ": streaming\n\n", stalled);
            while (!subscription.ended()) {
                List<RecordedEvent> events = subscription.next(Duration.ofSeconds(HEARTBEAT_SECONDS));
                if (events.isEmpty()) {
                    if (subscription.ended()) {
                        break;
                    }
                    write(out, ": heartbeat\n\n", stalled);
                    continue;
                }
                StringBuilder text = new StringBuilder();
                for (RecordedEvent event : events) {
                    text.append("id: ").append(event.sequence().value()).append('\n')
                            .append("event: ").append(event.name().value()).append('\n');
                    for (String line : EventsJson.array(List.of(event)).substring(1).replaceFirst("]$", "")
                            .split("\r\n|\r|\n", -1)) {
                        text.append("data: ").append(line).append('\n');
                    }
                    text.append('\n');
                }
                write(out, text.toString(), stalled);
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away, or stopped reading and was cut off: the stream simply ends
        } finally {
            Thread.interrupted();
        }
    }

    private static void write(OutputStream out, String text, StalledWrites stalled) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        stalled.watch(() -> {
            out.write(bytes);
            out.flush();
        });
    }
}

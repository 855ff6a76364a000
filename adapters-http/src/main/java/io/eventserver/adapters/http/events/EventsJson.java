package io.eventserver.adapters.http.events;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.application.port.in.DeadLettersUseCase;
import io.eventserver.application.port.in.LeaseEventsUseCase;
import io.eventserver.domain.event.EventId;
import io.eventserver.domain.event.RecordedEvent;

/**
 * Writes events for consumers: each element is the published document as it was sent, with the server's metadata
 * ({@code eventId}, {@code sequence}, {@code receivedAt}) as leading members. The document is spliced in as text,
 * never re-serialised, so it comes back exactly as published.
 */
public final class EventsJson {

    private EventsJson() {
    }

    /** How many recent pages {@link #page} keeps the answer of. */
    private static final int REMEMBERED = 16;
    private static final Object[] REMEMBERED_PAGES = new Object[REMEMBERED];
    private static final byte[][] REMEMBERED_ANSWERS = new byte[REMEMBERED][];
    private static int nextRemembered;

    /**
     * {@link #array} as UTF-8, written once per page: readers that shared one read of the store (the application's
     * shared reads, issue 28) get the same list, and the answer of a list that was answered recently is sent again
     * as it is — a page of 100 events is ~50 KB to write. Keyed by the list's identity; a page is never changed.
     */
    static byte[] page(List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return EMPTY;
        }
        synchronized (REMEMBERED_PAGES) {
            for (int i = 0; i < REMEMBERED; i++) {
                if (REMEMBERED_PAGES[i] == events) {
                    return REMEMBERED_ANSWERS[i];
                }
            }
        }
        byte[] answer = array(events).getBytes(StandardCharsets.UTF_8);
        synchronized (REMEMBERED_PAGES) {
            REMEMBERED_PAGES[nextRemembered] = events;
            REMEMBERED_ANSWERS[nextRemembered] = answer;
            nextRemembered = (nextRemembered + 1) % REMEMBERED;
        }
        return answer;
    }

    private static final byte[] EMPTY = {'[', ']'};

    static String array(List<RecordedEvent> events) {
        int size = 2;
        for (RecordedEvent event : events) {
            size += event.document().json().length() + 128;
        }
        StringBuilder json = new StringBuilder(size).append('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            appendEvent(json, events.get(i), false, "");
        }
        return json.append(']').toString();
    }

    /**
     * A leased page (ADR 52): each element as {@link #array} writes it, with {@code "deliveries"} and
     * {@code "leaseExpiresAt"} after {@code receivedAt}.
     */
    static String leased(List<LeaseEventsUseCase.LeasedEvent> events) {
        StringBuilder json = new StringBuilder(2 + events.size() * 256).append('[');
        for (int i = 0; i < events.size(); i++) {
            LeaseEventsUseCase.LeasedEvent leased = events.get(i);
            if (i > 0) {
                json.append(',');
            }
            appendEvent(json, leased.event(), false, ",\"deliveries\":" + leased.deliveries()
                    + ",\"leaseExpiresAt\":\"" + leased.leaseExpiresAt() + '"');
        }
        return json.append(']').toString();
    }

    /**
     * A page of dead letters: {@code {"deadLetters": [element with "deliveries" and "deadLetteredAt", …], "next":
     * <sequence or null>}}.
     */
    static String deadLetters(DeadLettersUseCase.DeadLetterPage page) {
        StringBuilder json = new StringBuilder(32 + page.deadLetters().size() * 256).append("{\"deadLetters\":[");
        for (int i = 0; i < page.deadLetters().size(); i++) {
            DeadLettersUseCase.DeadLetter dead = page.deadLetters().get(i);
            if (i > 0) {
                json.append(',');
            }
            appendEvent(json, dead.event(), false, ",\"deliveries\":" + dead.deliveries()
                    + ",\"deadLetteredAt\":\"" + dead.deadLetteredAt() + '"');
        }
        json.append("],\"next\":");
        json.append(page.next().map(next -> Long.toString(next.value())).orElse("null"));
        return json.append('}').toString();
    }

    /** The ids of a batch publish, in the order of the request: {@code ["…","…"]}. */
    static String ids(List<EventId> ids) {
        StringBuilder json = new StringBuilder(ids.size() * 39 + 2).append('[');
        for (int i = 0; i < ids.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(ids.get(i)).append('"');
        }
        return json.append(']').toString();
    }

    /** One event for the look-up by id: like an array element, with its event name too. */
    static String single(RecordedEvent event) {
        StringBuilder json = new StringBuilder(event.document().json().length() + 256);
        appendEvent(json, event, true, "");
        return json.toString();
    }

    /** @param members more members after {@code receivedAt}, as JSON text that starts with a comma (or empty) */
    private static void appendEvent(StringBuilder json, RecordedEvent event, boolean withName, String members) {
        String document = event.document().json();
        json.append("{\"eventId\":\"").append(event.id()).append('"');
        if (withName) {
            json.append(",\"eventName\":").append(JsonResponses.quote(event.name().value()));
        }
        json.append(",\"sequence\":").append(event.sequence().value())
                .append(",\"receivedAt\":\"").append(event.receivedAt())
                .append('"')
                .append(members);
        // the document is a JSON object: keep everything after its opening brace
        if (hasMembers(document)) {
            json.append(',');
        }
        json.append(document, 1, document.length());
    }

    private static boolean hasMembers(String object) {
        for (int i = 1; i < object.length(); i++) {
            char c = object.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c != '}';
            }
        }
        return false;
    }
}

package io.eventserver.adapters.http.operator;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;
import io.eventserver.adapters.http.protocol.JsonText;
import io.eventserver.application.model.ConsumerLag;
import io.eventserver.application.model.EventNameSummary;
import io.eventserver.application.model.LeaseCounts;
import io.eventserver.application.model.StreamRates;
import io.eventserver.application.model.StreamSummary;
import io.eventserver.application.port.in.InspectStreamsUseCase.ConsumerPage;
import io.eventserver.application.port.in.InspectStreamsUseCase.EventNamePage;
import io.eventserver.application.port.in.InspectStreamsUseCase.StreamPage;
import io.eventserver.application.port.in.ResetOffsetUseCase.OffsetReset;
import io.eventserver.domain.event.EventName;
import io.eventserver.domain.event.Sequence;
import io.eventserver.domain.retention.Retention;
import io.eventserver.domain.stream.StreamName;

/** JSON of the operator endpoints (streams, consumers, offsets). Instants are ISO-8601 in UTC. */
public final class OperatorJson {


    private final Clock clock;

    public OperatorJson(Clock clock) {
        this.clock = clock;
    }

    String page(StreamPage page) {
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("streams");
            for (StreamSummary stream : page.streams()) {
                summary(json, stream);
            }
            json.writeEndArray();
            next(json, page.next().map(StreamName::value));
            json.writeEndObject();
        });
    }

    String stream(StreamSummary stream) {
        return JsonText.write(json -> summary(json, stream));
    }

    /**
     * A stream's summary with its retention in force and the first stored sequence of the names it counts (issue
     * 25); without {@code retention} when the engine has none.
     */
    String stream(StreamSummary stream, Optional<Retention> retention, Map<EventName, Sequence> firstSequences) {
        return JsonText.write(json -> {
            summary(json, stream, false);
            if (retention.isPresent()) {
                json.writeFieldName("retention");
                retention(json, retention.get());
            }
            json.writeObjectFieldStart("firstSequences");
            Map<String, Long> sorted = new TreeMap<>();
            firstSequences.forEach((name, first) -> sorted.put(name.value(), first.value()));
            for (Map.Entry<String, Long> first : sorted.entrySet()) {
                json.writeNumberField(first.getKey(), first.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** {@code {"maxAge": "P7D", "maxEvents": 1000000}}, {@code null} for an unlimited one. */
    String retention(Retention retention) {
        return JsonText.write(json -> retention(json, retention));
    }

    private static void retention(JsonGenerator json, Retention retention) throws IOException {
        json.writeStartObject();
        json.writeFieldName("maxAge");
        if (retention.maxAge().isPresent()) {
            json.writeString(retention.maxAge().get().text());
        } else {
            json.writeNull();
        }
        json.writeFieldName("maxEvents");
        if (retention.maxEvents().isPresent()) {
            json.writeNumber(retention.maxEvents().get());
        } else {
            json.writeNull();
        }
        json.writeEndObject();
    }

    private static void summary(JsonGenerator json, StreamSummary stream) throws IOException {
        summary(json, stream, true);
    }

    private static void summary(JsonGenerator json, StreamSummary stream, boolean close) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", stream.name().value());
        json.writeStringField("owner", stream.owner().value());
        json.writeStringField("createdAt", stream.createdAt().toString());
        json.writeNumberField("eventCount", stream.eventCount());
        json.writeFieldName("lastEventAt");
        instant(json, stream.lastEventAt().orElse(null));
        json.writeObjectFieldStart("eventCounts");
        Map<String, Long> sorted = new TreeMap<>();
        stream.eventCounts().forEach((name, count) -> sorted.put(name.value(), count));
        for (Map.Entry<String, Long> count : sorted.entrySet()) {
            json.writeNumberField(count.getKey(), count.getValue());
        }
        json.writeEndObject();
        json.writeNumberField("eventNameCount", stream.eventNameCount());
        if (close) {
            json.writeEndObject();
        }
    }

    String eventNames(EventNamePage page) {
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("eventNames");
            for (EventNameSummary name : page.eventNames()) {
                json.writeStartObject();
                json.writeStringField("name", name.name().value());
                json.writeNumberField("count", name.count());
                json.writeNumberField("lastSequence", name.lastSequence().value());
                json.writeEndObject();
            }
            json.writeEndArray();
            next(json, page.next().map(EventName::value));
            json.writeEndObject();
        });
    }

    /** {@code "next"}: the {@code after} of the next page, null on the last one. */
    private static void next(JsonGenerator json, Optional<String> next) throws IOException {
        json.writeFieldName("next");
        if (next.isPresent()) {
            json.writeString(next.get());
        } else {
            json.writeNull();
        }
    }

    /** The cursors of a stream, each with its leases (ADR 52): {@code "inFlight"} and {@code "deadLetters"}. */
    String consumers(ConsumerPage page) {
        Instant now = clock.instant();
        return JsonText.write(json -> {
            json.writeStartArray();
            for (ConsumerLag lag : page.consumers()) {
                json.writeStartObject();
                lag(json, lag, now);
                LeaseCounts leases = page.leases(lag);
                json.writeNumberField("inFlight", leases.inFlight());
                json.writeNumberField("deadLetters", leases.deadLetters());
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private static void lag(JsonGenerator json, ConsumerLag lag, Instant now) throws IOException {
        json.writeStringField("consumerId", lag.consumer().value());
        json.writeStringField("eventName", lag.eventName().value());
        json.writeNumberField("offset", lag.offset().value());
        json.writeStringField("acknowledgedAt", lag.acknowledgedAt().toString());
        json.writeNumberField("lastSequence", lag.lastSequence().value());
        json.writeNumberField("lag", lag.lag());
        json.writeFieldName("oldestUnacknowledgedAt");
        instant(json, lag.oldestUnacknowledgedAt().orElse(null));
        json.writeNumberField("timeLagSeconds", lag.timeLagSeconds(now));
        json.writeNumberField("expiredUnacknowledged", lag.expiredUnacknowledged());
    }

    /** {@code {"consumers": [{"stream": …, "consumerId": …, …}]}}: the cursors furthest behind, across streams. */
    String largestLags(List<ConsumerLag> lags) {
        Instant now = clock.instant();
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("consumers");
            for (ConsumerLag lag : lags) {
                json.writeStartObject();
                json.writeStringField("stream", lag.stream().value());
                lag(json, lag, now);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /**
     * {@code {"stream": …, "intervalSeconds": 5, "publishedPerSecond": …, "acknowledgedPerSecond": …,
     * "intervals": [{"start": …, "published": n, "acknowledged": n}, …]}}, the rates over the last minute.
     */
    String rates(StreamRates rates) {
        int lastMinute = (int) (60 / rates.interval().toSeconds());
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeStringField("stream", rates.stream().value());
            json.writeStringField("scope", "process");
            json.writeNumberField("intervalSeconds", rates.interval().toSeconds());
            json.writeNumberField("publishedPerSecond", rates.publishedPerSecond(lastMinute));
            json.writeNumberField("acknowledgedPerSecond", rates.acknowledgedPerSecond(lastMinute));
            json.writeArrayFieldStart("intervals");
            for (StreamRates.Interval interval : rates.intervals()) {
                json.writeStartObject();
                json.writeStringField("start", interval.start().toString());
                json.writeNumberField("published", interval.published());
                json.writeNumberField("acknowledged", interval.acknowledged());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    String offset(OffsetReset reset) {
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeStringField("stream", reset.cursor().stream().value());
            json.writeStringField("consumerId", reset.cursor().consumer().value());
            json.writeStringField("eventName", reset.cursor().eventName().value());
            json.writeNumberField("offset", reset.cursor().offset().value());
            json.writeNumberField("previousOffset", reset.previous().value());
            json.writeEndObject();
        });
    }

    private static void instant(JsonGenerator json, Instant instant) throws IOException {
        if (instant == null) {
            json.writeNull();
        } else {
            json.writeString(instant.toString());
        }
    }
}

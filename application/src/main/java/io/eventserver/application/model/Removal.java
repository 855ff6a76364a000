package io.eventserver.application.model;

import java.util.Objects;

import io.eventserver.domain.stream.StreamName;

/**
 * What one removal step took from a stream.
 *
 * @param events                events removed
 * @param expiredUnacknowledged of those, counted over the stream's cursors: events a consumer had not acknowledged
 *                              (an event two consumers had not acknowledged counts twice)
 */
public record Removal(StreamName stream, long events, long expiredUnacknowledged) {

    public Removal {
        Objects.requireNonNull(stream, "stream");
        if (events < 0 || expiredUnacknowledged < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }
}

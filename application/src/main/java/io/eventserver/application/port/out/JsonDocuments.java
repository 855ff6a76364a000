package io.eventserver.application.port.out;

import java.util.Optional;
import java.util.function.Predicate;

import io.eventserver.domain.event.EventDocument;

/**
 * What the core needs to know about JSON and cannot know without a JSON library: JSON Schemas of payloads and JSON
 * containment (issue 26, ADR 66 and 67).
 */
public interface JsonDocuments {

    /**
     * Compiles a JSON Schema (draft 2020-12) of events' {@code payload}. Compiling never fetches anything: a
     * {@code $ref} to anything but the schema itself or the draft's meta-schemas is refused.
     *
     * @throws io.eventserver.domain.common.InvalidValue when it is not a valid schema (or too large, too deep)
     */
    PayloadSchema compile(String schema);

    /**
     * The test "the document contains this JSON object" with JSON containment semantics (PostgreSQL's {@code @>}).
     *
     * @throws io.eventserver.domain.common.InvalidValue when {@code jsonObject} is not a JSON object
     */
    Predicate<EventDocument> containing(String jsonObject);

    /** A compiled schema; safe to use from many threads. */
    interface PayloadSchema {

        /** Empty when the document's {@code payload} matches, else {@code <JSON pointer>: <what is wrong>}. */
        Optional<String> violation(EventDocument document);
    }
}

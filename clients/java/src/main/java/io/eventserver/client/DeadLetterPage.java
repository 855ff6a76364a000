package io.eventserver.client;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** A page of a consumer's dead letters, in sequence order; {@code next} is the {@code after} of the next page. */
public record DeadLetterPage(List<DeadLetter> deadLetters, OptionalLong next) {

    public DeadLetterPage {
        deadLetters = List.copyOf(deadLetters);
        Objects.requireNonNull(next, "next");
    }
}

package io.eventserver.domain.access;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.eventserver.domain.common.InvalidValue;

/** What a grant allows on the streams it names. */
public enum Action {
    PUBLISH("publish"),
    CONSUME("consume");

    private final String word;

    Action(String word) {
        this.word = word;
    }

    /** The word used in grants, {@code publish} or {@code consume}. */
    public String word() {
        return word;
    }

    /** @throws InvalidValue unless {@code word} is {@code publish} or {@code consume} */
    public static Action of(String word, String field) {
        for (Action action : values()) {
            if (action.word.equals(word)) {
                return action;
            }
        }
        throw new InvalidValue(field + " must be one of " + Arrays.stream(values()).map(Action::word)
                .collect(Collectors.joining(", ")));
    }
}

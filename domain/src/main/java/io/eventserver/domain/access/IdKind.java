package io.eventserver.domain.access;

/** The two kinds of client-chosen ids that belong to users. */
public enum IdKind {
    PRODUCER("producer id"),
    CONSUMER("consumer id");

    private final String words;

    IdKind(String words) {
        this.words = words;
    }

    @Override
    public String toString() {
        return words;
    }
}

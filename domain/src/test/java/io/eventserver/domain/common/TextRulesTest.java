package io.eventserver.domain.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import io.eventserver.domain.stream.ProducerId;
import io.eventserver.domain.stream.StreamName;
import org.junit.jupiter.api.Test;

/**
 * The name and identifier checks are written as character loops (issue 28: no regular expression on every request);
 * they accept exactly what their documented regular expressions accept.
 */
class TextRulesTest {

    private static final String ALPHABET = "aZ09._-:@ /\u0000\u007f\u00e9\ud83d\ude00";

    @Test
    void streamNamesAreCheckedAsTheirRegularExpressionSays() {
        for (String candidate : candidates()) {
            assertEquals(StreamName.matchesRule(candidate), accepted(candidate, StreamName::new), "'" + candidate + "'");
        }
    }

    @Test
    void identifiersAreCheckedAsTheirRegularExpressionSays() {
        for (String candidate : candidates()) {
            assertEquals(Text.matchesIdentifierRule(candidate), accepted(candidate, ProducerId::new),
                    "'" + candidate + "'");
        }
    }

    @Test
    void controlCharactersAreFoundAnywhere() {
        for (String refused : List.of("\u0000", "a\u001f", "\u007fb", "x\u0085y", "\ud83d\ude00\u009f")) {
            assertEquals(false, accepted(refused, value -> Text.requireNoControlCharacters(value, "it")), refused);
        }
        for (String fine : List.of("a", "\u00a0", "\ud83d\ude00", "Zürich")) {
            assertEquals(true, accepted(fine, value -> Text.requireNoControlCharacters(value, "it")), fine);
        }
    }

    private static List<String> candidates() {
        List<String> candidates = new ArrayList<>(List.of("", "a".repeat(255), "a".repeat(256), "1" + "-".repeat(254),
                "-" + "a".repeat(10), "a".repeat(254) + ":"));
        for (int i = 0; i < ALPHABET.length(); i++) {
            candidates.add(ALPHABET.substring(i, i + 1));
            for (int j = 0; j < ALPHABET.length(); j++) {
                candidates.add("" + ALPHABET.charAt(i) + ALPHABET.charAt(j));
            }
        }
        Random random = new Random(28);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(12); length > 0; length--) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            candidates.add(text.toString());
        }
        return candidates;
    }

    private static boolean accepted(String value, Consumer<String> check) {
        try {
            check.accept(value);
            return true;
        } catch (InvalidValue refused) {
            return false;
        }
    }
}

package io.eventserver.domain.event;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import io.eventserver.domain.common.InvalidValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventValuesTest {

    @Test
    void systemTimeAcceptsTheReferenceFormatAndIso() {
        assertEquals(LocalDateTime.of(2017, 9, 6, 13, 58, 12), EventTime.parse("2017-09-06 13:58:12").value());
        assertEquals(LocalDateTime.of(2017, 9, 6, 13, 58, 12), EventTime.parse("2017-09-06T13:58:12").value());
        assertEquals(LocalDateTime.of(2017, 9, 6, 13, 58, 12, 123_000_000),
                EventTime.parse("2017-09-06T13:58:12.123").value());
        assertDoesNotThrow(() -> EventTime.parse("2024-02-29 00:00:00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2017-02-30 10:00:00", "2023-02-29T00:00:00", "2017-13-01 10:00:00",
            "2017-09-06 24:00:00", "2017-09-06", "2017-09-06T13:58", "17-09-06 13:58:12", "2017-09-06 13:58:12Z",
            "2017-09-06T13:58:12+02:00", "yesterday", "", "2017-9-6 13:58:12"})
    void systemTimeRefusesAnythingElse(String text) {
        assertThrows(InvalidValue.class, () -> EventTime.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Berlin", "UTC", "America/Argentina/Buenos_Aires", "Asia/Kolkata"})
    void timezonesAreIanaIds(String zone) {
        assertEquals(zone, SystemInfo.zone(zone).getId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+02:00", "Z", "Mars/Olympus", "europe/berlin", "", "CEST"})
    void otherTimezonesAreRefused(String zone) {
        assertThrows(InvalidValue.class, () -> SystemInfo.zone(zone));
    }

    @Test
    void versionsStartAtOne() {
        assertDoesNotThrow(() -> new EventVersion(1));
        assertThrows(InvalidValue.class, () -> new EventVersion(0));
        assertThrows(InvalidValue.class, () -> new EventVersion(-1));
    }

    @Test
    void eventNamesAreNonBlankAtMost255CharactersWithoutControlCharacters() {
        assertDoesNotThrow(() -> new EventName("OrderPlaced"));
        assertDoesNotThrow(() -> new EventName("Bestellung aufgegeben 😀"));
        assertDoesNotThrow(() -> new EventName("😀".repeat(255)));
        assertThrows(InvalidValue.class, () -> new EventName("x".repeat(256)));
        assertThrows(InvalidValue.class, () -> new EventName(""));
        assertThrows(InvalidValue.class, () -> new EventName("   "));
        assertThrows(InvalidValue.class, () -> new EventName("a\u0000b"));
    }

    /** Issue 29, point 6: lone surrogates were stored as "?", so three different names shared one sequence. */
    @ParameterizedTest
    @ValueSource(strings = {"\ud800Z", "\udc00Z", "Z\ud800", "Z\udbff", "\udc00\ud800", "a\u007fb", "a\u0085b",
            "a\nb", "\u001b[31m"})
    void eventNamesRefuseUnpairedSurrogatesAndControlCharacters(String name) {
        assertThrows(InvalidValue.class, () -> new EventName(name));
    }

    @Test
    void aSurrogatePairIsOneCharacter() {
        assertEquals("\ud83d\ude00", new EventName("\ud83d\ude00").value());
    }

    @Test
    void newEventIdsAreLowercaseVersion7UuidsAndUnique() {
        Set<EventId> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            EventId id = EventId.generate();
            assertEquals(7, id.value().version());
            assertEquals(2, id.value().variant());
            assertEquals(id.toString().toLowerCase(), id.toString());
            ids.add(id);
        }
        assertEquals(1000, ids.size());
    }

    @Test
    void eventIdsParseTheCanonicalFormOnly() {
        EventId id = EventId.generate();
        assertEquals(id, EventId.parse(id.toString()));
        assertEquals(id, EventId.parse(id.toString().toUpperCase()));
        assertThrows(InvalidValue.class, () -> EventId.parse("not-a-uuid"));
        assertThrows(InvalidValue.class, () -> EventId.parse("1-1-1-1-1"));
        assertThrows(InvalidValue.class, () -> EventId.parse(id.toString().replace("-", "")));
    }

    /** The loop accepts exactly what the documented regular expression accepts (issue 24: no expression per id). */
    @Test
    void eventIdsAreCheckedAsTheirRegularExpressionSays() {
        Pattern canonical = Pattern.compile(
                "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        String alphabet = "09afAFgG-+ x\u0000\u0663\uff21\u00e9";
        Random random = new Random(24);
        List<String> candidates = new ArrayList<>(List.of("", "-", EventId.generate().toString() + "0",
                "0" + EventId.generate().toString(), EventId.generate().toString().substring(1)));
        for (int i = 0; i < 20_000; i++) {
            char[] text = EventId.generate().toString().toCharArray();
            for (int changes = 1 + random.nextInt(2); changes > 0; changes--) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            candidates.add(new String(text));
        }
        int accepted = 0;
        for (String candidate : candidates) {
            boolean parsed;
            try {
                EventId.parse(candidate);
                parsed = true;
                accepted++;
            } catch (InvalidValue refused) {
                parsed = false;
            }
            assertEquals(canonical.matcher(candidate).matches(), parsed, "'" + candidate + "'");
        }
        assertTrue(accepted > 1_000 && accepted < candidates.size() - 1_000, "both kinds tried: " + accepted);
    }

    @Test
    void sequencesAreNotNegativeAndOrdered() {
        assertThrows(InvalidValue.class, () -> new Sequence(-1));
        assertTrue(new Sequence(2).isAfter(new Sequence(1)));
        assertNotEquals(new Sequence(1), Sequence.ZERO);
    }

    @Test
    void aDocumentMustBeAJsonObject() {
        assertDoesNotThrow(() -> new EventDocument("{\"a\":1}"));
        assertThrows(InvalidValue.class, () -> new EventDocument("[1]"));
        assertThrows(InvalidValue.class, () -> new EventDocument(""));
    }

    @Test
    void eventNamesOrderByTheirUtf8BytesLikeTheCCollation() {
        List<String> names = List.of("a", "ab", "B", "Paid", "Päid", "\uE000x", "\uD83D\uDE00", "\uFFFD", "z", "é");
        for (String a : names) {
            for (String b : names) {
                int bytes = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                        b.getBytes(StandardCharsets.UTF_8));
                assertEquals(Integer.signum(bytes),
                        Integer.signum(EventName.BY_UTF8_BYTES.compare(new EventName(a), new EventName(b))),
                        a + " vs " + b);
            }
        }
    }
}

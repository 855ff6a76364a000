package io.eventserver.domain.event;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import io.eventserver.domain.common.InvalidValue;

/**
 * The server-assigned identity of an event: a UUID, written in lowercase.
 * <p>
 * New ids are version 7 UUIDs (RFC 9562): the first 48 bits are the Unix time in milliseconds, the rest is random.
 * Ids that grow with time keep the unique index on them append-mostly; nothing relies on their order.
 */
public record EventId(UUID value) {

    /**
     * Where the random bits of new ids come from: a few DRBG generators (NIST SP 800-90A, seeded once from the
     * system) picked by thread, instead of the platform default, which reads {@code /dev/urandom} under one global
     * lock on every call (issue 28: ~3 % of a publish's CPU, and a point where concurrent publishes queue).
     */
    private static final SecureRandom[] RANDOM = new SecureRandom[8];

    static {
        for (int i = 0; i < RANDOM.length; i++) {
            try {
                RANDOM[i] = SecureRandom.getInstance("DRBG");
            } catch (java.security.NoSuchAlgorithmException e) {
                RANDOM[i] = new SecureRandom();
            }
        }
    }

    public EventId {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the canonical 8-4-4-4-12 hexadecimal form (either case); anything else is refused. */
    public static EventId parse(String text) {
        if (!canonical(text)) {
            throw new InvalidValue("event id must be a UUID (8-4-4-4-12 hexadecimal digits)");
        }
        return new EventId(UUID.fromString(text));
    }

    /**
     * 8-4-4-4-12 ASCII hexadecimal digits, checked by a loop rather than a regular expression: a batch ACK parses up
     * to {@code api.max-limit} ids, and the expression was ~6 % of the server's CPU with three leased replicas.
     */
    private static boolean canonical(String text) {
        if (text == null || text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean expected = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!expected) {
                return false;
            }
        }
        return true;
    }

    public static EventId generate() {
        byte[] random = new byte[10];
        RANDOM[(int) (Thread.currentThread().threadId() & (RANDOM.length - 1))].nextBytes(random);
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long low = 0x8000000000000000L | ((random[2] & 0x3FL) << 56);
        for (int i = 3; i < 10; i++) {
            low |= (random[i] & 0xFFL) << (8 * (9 - i));
        }
        return new EventId(new UUID(high, low));
    }

    @Override
    public String toString() {
        return value.toString().toLowerCase(Locale.ROOT);
    }
}

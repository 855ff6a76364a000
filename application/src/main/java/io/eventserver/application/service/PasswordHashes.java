package io.eventserver.application.service;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import io.eventserver.domain.common.InvalidValue;

/**
 * Password hashes in PHC string form (ADR 27): {@code $pbkdf2-sha256$i=600000$<salt>$<hash>}, PBKDF2 with
 * HMAC-SHA-256 from the JDK, a 16-byte random salt and a 32-byte result, both in unpadded standard base64. The
 * iteration count is part of the string, so hashes made with other counts keep verifying.
 * <p>
 * A plain password written in the configuration (the demo users) is held in memory only, as
 * {@code $plain-sha256$<hex>}: a fast digest compared in constant time, never stored in the database.
 */
public final class PasswordHashes {

    public static final int ITERATIONS = 600_000;
    public static final int MIN_PASSWORD_LENGTH = 12;

    private static final Pattern PBKDF2 = Pattern.compile(
            "\\$pbkdf2-sha256\\$i=([1-9][0-9]{3,8})\\$([A-Za-z0-9+/]{16,})\\$([A-Za-z0-9+/]{43})");
    private static final String PLAIN = "$plain-sha256$";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final int iterations;

    public PasswordHashes() {
        this(ITERATIONS);
    }

    /** @param iterations PBKDF2 iterations of new hashes; fewer than the default only for tests */
    public PasswordHashes(int iterations) {
        if (iterations < 1000) {
            throw new IllegalArgumentException("iterations must be >= 1000");
        }
        this.iterations = iterations;
    }

    /** A new salted hash of {@code password}. */
    public String hash(char[] password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return "$pbkdf2-sha256$i=" + iterations + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /**
     * The rule of passwords set through the API (ADR 43): at least {@value #MIN_PASSWORD_LENGTH} characters (code
     * points), valid Unicode (no unpaired surrogate, which would be hashed as {@code ?} and so collide with others),
     * no control characters, not only whitespace. Checked in place: no String copy of the password.
     *
     * @throws InvalidValue naming the rule that is broken
     */
    public static void requireAcceptable(char[] password) {
        int codePoints = 0;
        boolean onlyWhitespace = true;
        for (int i = 0; i < password.length; i++) {
            char c = password[i];
            int codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < password.length && Character.isLowSurrogate(password[i + 1])) {
                codePoint = Character.toCodePoint(c, password[++i]);
            } else if (Character.isSurrogate(c)) {
                throw new InvalidValue("password must be valid Unicode (no unpaired surrogates)");
            }
            if (Character.isISOControl(codePoint)) {
                throw new InvalidValue("password must not contain control characters");
            }
            onlyWhitespace &= Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
            codePoints++;
        }
        if (codePoints < MIN_PASSWORD_LENGTH) {
            throw new InvalidValue("password must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (onlyWhitespace) {
            throw new InvalidValue("password must not be only whitespace");
        }
    }

    /** The in-memory form of a password written in plain text in the configuration. */
    public static String plain(char[] password) {
        return PLAIN + HexFormat.of().formatHex(sha256(password));
    }

    /** @throws InvalidValue unless {@code hash} is a {@code $pbkdf2-sha256$…} string this class can verify */
    public static String requireHash(String hash, String field) {
        if (hash == null || !PBKDF2.matcher(hash).matches()) {
            throw new InvalidValue(field + " must be a $pbkdf2-sha256$i=<iterations>$<salt>$<hash> string"
                    + " (bin/eventserver hash-password)");
        }
        return hash;
    }

    /** Whether {@code password} matches {@code hash}; false for anything that is not a hash of ours. */
    public boolean verify(String hash, char[] password) {
        if (hash.startsWith(PLAIN)) {
            byte[] expected = HexFormat.of().parseHex(hash.substring(PLAIN.length()));
            return MessageDigest.isEqual(expected, sha256(password));
        }
        Matcher parts = PBKDF2.matcher(hash);
        if (!parts.matches()) {
            return false;
        }
        byte[] salt = B64_DECODER.decode(parts.group(2));
        byte[] expected = B64_DECODER.decode(parts.group(3));
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, Integer.parseInt(parts.group(1))));
    }

    /** Spends the time a verification takes, for logins that do not exist (their timing must not differ). */
    public void verifyNothing(char[] password) {
        pbkdf2(password, new byte[16], iterations);
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        if (password.length == 0) {
            // the JDK's PBKDF2 refuses an empty key; no hash is of the empty password (12 characters at least)
            byte[] nothing = pbkdf2(new char[] {'\0'}, salt, iterations);
            nothing[0] ^= 1;
            return nothing;
        }
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] sha256(char[] password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(StandardCharsets.UTF_8.encode(CharBuffer.wrap(password)));
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

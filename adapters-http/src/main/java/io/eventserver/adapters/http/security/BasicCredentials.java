package io.eventserver.adapters.http.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The credentials of one {@code Authorization: Basic <base64 of "login:password">} header, as decoded. The scheme is
 * matched regardless of case (RFC 9110 §11.1), base64 padding is optional and unused bits are ignored (the JDK's
 * decoder), so one credential has many spellings; everything that depends on the credentials — the cache of
 * accepted ones, the throttles — is keyed on what was decoded, never on the header as sent (ADR 42). Holds the
 * decoded bytes only until {@link #clear}.
 */
final class BasicCredentials {

    private static final Base64.Decoder BASE64 = Base64.getDecoder();
    private static final String SCHEME = "basic";

    private final byte[] decoded;
    private final String login;

    private BasicCredentials(byte[] decoded, int colon) {
        this.decoded = decoded;
        this.login = new String(decoded, 0, colon, StandardCharsets.UTF_8);
    }

    /** The credentials of exactly one well-formed Basic header; null for anything else. */
    static BasicCredentials parse(List<String> authorization) {
        if (authorization.size() != 1) {
            return null;
        }
        String value = authorization.getFirst();
        int length = value.length();
        if (length < 7 || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || value.charAt(SCHEME.length()) != ' ') {
            return null;
        }
        int start = 6;
        while (start < length && value.charAt(start) == ' ') {
            start++;
        }
        int end = length;
        while (end > start && value.charAt(end - 1) == ' ') {
            end--;
        }
        byte[] decoded;
        try {
            decoded = BASE64.decode(value.substring(start, end));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] == ':') {
                return new BasicCredentials(decoded, i);
            }
        }
        return null;
    }

    /** The login as sent (everything before the first colon), not checked against any rule. */
    String login() {
        return login;
    }

    /**
     * The SHA-256 of the decoded login and password: the same for every spelling of one credential, and no
     * credential kept in memory as sent. 32 chars, one per byte.
     */
    String key() {
        try {
            return new String(MessageDigest.getInstance("SHA-256").digest(decoded), StandardCharsets.ISO_8859_1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The decoded {@code login:password}, for the password check only. */
    byte[] decoded() {
        return decoded;
    }

    /** Overwrites the decoded credentials. */
    void clear() {
        Arrays.fill(decoded, (byte) 0);
    }
}

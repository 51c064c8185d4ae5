package dev.agora.gateway.apikey.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** The secret half of an API key: {@code sk_live_} and 256 random bits (base64url); stored as its SHA-256. */
public final class ApiKeySecrets {
    public static final String PREFIX = "sk_live_";
    /** {@code sk_live_} and the first 4 random characters: enough to tell keys apart in a list. */
    public static final int SHOWN_PREFIX_LENGTH = PREFIX.length() + 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    public static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static boolean looksLikeKey(String value) {
        return value != null && value.startsWith(PREFIX) && value.length() > PREFIX.length();
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

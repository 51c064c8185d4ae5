package dev.agora.gateway.apikey.service;

import dev.agora.gateway.auth.service.RandomSecrets;

/** The secret half of an API key: {@code sk_live_} and 256 random bits (base64url); stored as its SHA-256. */
public final class ApiKeySecrets {
    public static final String PREFIX = "sk_live_";
    /** {@code sk_live_} and the first 4 random characters: enough to tell keys apart in a list. */
    public static final int SHOWN_PREFIX_LENGTH = PREFIX.length() + 4;

    private ApiKeySecrets() {
    }

    public static String generate() {
        return PREFIX + RandomSecrets.generate();
    }

    public static boolean looksLikeKey(String value) {
        return value != null && value.startsWith(PREFIX) && value.length() > PREFIX.length();
    }

    public static String hash(String key) {
        return RandomSecrets.sha256(key);
    }
}

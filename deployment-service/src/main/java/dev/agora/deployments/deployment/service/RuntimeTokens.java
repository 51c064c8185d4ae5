package dev.agora.deployments.deployment.service;

import java.security.SecureRandom;
import java.util.Base64;

/** Mints the runtime token of a deployment: 256 random bits, prefixed so a leaked one is recognisable. */
public final class RuntimeTokens {
    public static final String PREFIX = "agr_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RuntimeTokens() {
    }

    public static String mint() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

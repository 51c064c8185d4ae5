package dev.agora.agents.run.service;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where and how an agent calls back about a task: the status webhook of api agents
 * ({@code POST /api/runtime/tasks/{taskId}/status}) and the A2A push notification URL
 * ({@code POST /api/runtime/tasks/{taskId}/a2a-notifications}), under {@code agora.agents.callback-base-url}
 * (default {@code agora.agents.public-url}, the gateway), and the task's callback token.
 * <p>
 * The token is {@code base64url(HMAC-SHA256(k, "task-callback:" + taskId))}, {@code k} derived from
 * {@code agora.agents.secret-key}: it is stored nowhere, the same for every send of the task (an agent deduplicates
 * re-sends by task id and keeps the token it got first), and a token made under one of
 * {@code agora.agents.previous-secret-keys} still verifies, so rotating the key does not cut in-flight tasks off.
 */
@ApplicationScoped
public class CallbackTokens {
    private static final String HMAC = "HmacSHA256";
    /** Domain separation: the callback key is not the key that seals endpoint secrets. */
    private static final byte[] KEY_LABEL = "agora.agents/task-callback-key".getBytes(StandardCharsets.UTF_8);
    private static final String TASKS = "/api/runtime/tasks/";

    /** The current key first. */
    private final List<SecretKeySpec> keys;
    private final String baseUrl;

    public CallbackTokens(@ConfigProperty(name = "agora.agents.secret-key") String currentKey,
            @ConfigProperty(name = "agora.agents.previous-secret-keys") Optional<List<String>> previousKeys,
            @ConfigProperty(name = "agora.agents.public-url") String publicUrl,
            @ConfigProperty(name = "agora.agents.callback-base-url") Optional<String> callbackBaseUrl) {
        List<SecretKeySpec> derived = new ArrayList<>();
        derived.add(derive(currentKey));
        previousKeys.orElse(List.of()).stream().filter(key -> !key.isBlank()).map(CallbackTokens::derive)
                .forEach(derived::add);
        this.keys = List.copyOf(derived);
        String base = callbackBaseUrl.filter(url -> !url.isBlank()).orElse(publicUrl).strip();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The task's callback token (under the current key). */
    public String token(UUID taskId) {
        return token(keys.get(0), taskId);
    }

    /** Whether {@code token} is the task's callback token under the current or a previous key (constant time). */
    public boolean verify(UUID taskId, String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        byte[] sent = token.strip().getBytes(StandardCharsets.US_ASCII);
        boolean matches = false;
        for (SecretKeySpec key : keys) {
            matches |= MessageDigest.isEqual(sent, token(key, taskId).getBytes(StandardCharsets.US_ASCII));
        }
        return matches;
    }

    /** Where an api agent reports its task's status. */
    public URI statusUrl(UUID taskId) {
        return URI.create(baseUrl + TASKS + taskId + "/status");
    }

    /** Where an A2A agent sends its push notifications about the task. */
    public URI a2aNotificationUrl(UUID taskId) {
        return URI.create(baseUrl + TASKS + taskId + "/a2a-notifications");
    }

    private static String token(SecretKeySpec key, UUID taskId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                hmac(key, ("task-callback:" + taskId).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code k = HMAC-SHA256(secret key bytes, label)}; the key's form is checked where the cipher reads it. */
    private static SecretKeySpec derive(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException("agora.agents.secret-key must be set");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("agora.agents.secret-key and previous-secret-keys must be base64", e);
        }
        return new SecretKeySpec(hmac(new SecretKeySpec(secret, HMAC), KEY_LABEL), HMAC);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

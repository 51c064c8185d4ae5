package dev.agora.triggers.delivery.action;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.agora.triggers.delivery.service.ActionSecrets;

/** Standard Webhooks: {@code v1,} base64 of HMAC-SHA256 over {@code id.timestamp.body} keyed by the whsec_ secret. */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(String secret, String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ActionSecrets.signingKey(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

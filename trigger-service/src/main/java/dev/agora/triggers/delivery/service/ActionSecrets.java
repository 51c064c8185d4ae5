package dev.agora.triggers.delivery.service;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.crypto.SecretCipher;
import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.triggers.delivery.action.ActionConfigs;

/**
 * Secrets of actions (settings named like tokens, passwords, authorization headers) and the triggers' webhook signing
 * secrets, sealed with AES-GCM under {@code agora.triggers.secret-key} before they are stored, opened only to deliver.
 */
@ApplicationScoped
public class ActionSecrets {
    public static final String MASK = "********";
    private static final String SIGNING_PREFIX = "whsec_";

    private final SecretCipher cipher;
    private final SecureRandom random = new SecureRandom();

    public ActionSecrets(@ConfigProperty(name = "agora.triggers.secret-key") String base64Key) {
        this.cipher = SecretCipher.fromBase64Key("agora.triggers.secret-key", base64Key);
    }

    /**
     * A copy of {@code config} with its secrets sealed. A secret sent back as the mask keeps the value stored at the
     * same place of {@code previous} (the stored config of the action at the same position and of the same type).
     */
    public ObjectNode sealConfig(JsonNode config, JsonNode previous, String path) {
        ObjectNode copy = ((ObjectNode) config).deepCopy();
        List<FieldError> errors = new ArrayList<>();
        seal(copy, previous, path, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return copy;
    }

    private void seal(ObjectNode node, JsonNode previous, String path, List<FieldError> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode before = previous == null ? null : previous.get(field.getKey());
            if (field.getValue().isTextual() && ActionConfigs.isSecretName(field.getKey())) {
                String value = field.getValue().asText();
                if (MASK.equals(value)) {
                    if (before == null || !before.isTextual()) {
                        errors.add(new FieldError(path + "." + field.getKey(), "is the mask but no secret is stored here"
                                + " to keep; send the secret itself"));
                    } else {
                        field.setValue(node.textNode(cipher.seal(before.asText())));
                    }
                } else {
                    field.setValue(node.textNode(cipher.seal(value)));
                }
            } else if (field.getValue() instanceof ObjectNode child) {
                seal(child, before, path + "." + field.getKey(), errors);
            }
        }
    }

    /** A copy of a stored config with its secrets opened, for delivery only. */
    public ObjectNode openConfig(JsonNode config) {
        ObjectNode copy = ((ObjectNode) config).deepCopy();
        open(copy);
        return copy;
    }

    private void open(ObjectNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isTextual() && SecretCipher.isSealed(field.getValue().asText())) {
                field.setValue(node.textNode(cipher.open(field.getValue().asText())));
            } else if (field.getValue() instanceof ObjectNode child) {
                open(child);
            }
        }
    }

    /** A new Standard Webhooks secret: {@code whsec_} and base64 of 32 random bytes. */
    public String newSigningSecret() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return SIGNING_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    public String seal(String plain) {
        return cipher.seal(plain);
    }

    public String open(String sealed) {
        return sealed == null ? null : cipher.open(sealed);
    }

    /** The HMAC key bytes of a {@code whsec_} secret. */
    public static byte[] signingKey(String secret) {
        return Base64.getDecoder().decode(secret.startsWith(SIGNING_PREFIX) ? secret.substring(SIGNING_PREFIX.length()) : secret);
    }
}

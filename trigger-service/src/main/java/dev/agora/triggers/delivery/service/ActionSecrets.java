package dev.agora.triggers.delivery.service;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.crypto.SecretCipher;
import dev.agora.common.crypto.SecretFieldRule;
import dev.agora.common.crypto.SecretFields;
import dev.agora.common.crypto.SecretPlace;
import dev.agora.common.problem.FieldError;
import dev.agora.triggers.delivery.action.ActionConfigs;
import dev.agora.triggers.delivery.action.WebhookSignature;

/**
 * Secrets of actions (settings named like tokens, passwords, authorization headers, at any depth) and the triggers'
 * webhook signing secrets, sealed under {@code agora.triggers.secret-key} and bound to their place: the trigger's
 * owner, the trigger, and the field ({@code actions[0].config.headers.Authorization}, {@code signingSecret}). Only
 * those fields are ever opened, and only to deliver.
 */
@ApplicationScoped
public class ActionSecrets {
    private static final SecretFieldRule SECRET_SETTINGS = path -> ActionConfigs.isSecretName(path.get(path.size() - 1));
    private static final String SIGNING_SECRET_FIELD = "signingSecret";

    private final SecretCipher cipher;
    private final SecretFields settings;
    private final SecureRandom random = new SecureRandom();

    public ActionSecrets(@ConfigProperty(name = "agora.triggers.secret-key") String currentKey,
            @ConfigProperty(name = "agora.triggers.previous-secret-keys") Optional<List<String>> previousKeys) {
        this.cipher = SecretCipher.fromConfig("agora.triggers", currentKey, previousKeys.orElse(List.of()));
        this.settings = new SecretFields(cipher, SECRET_SETTINGS);
    }

    /** The place of the settings of a trigger's action at {@code position}: {@code actions[0].config}. */
    public static SecretPlace settingsPlace(UUID ownerId, UUID triggerId, int position) {
        return new SecretPlace(ownerId, triggerId, "actions[" + position + "].config");
    }

    /**
     * The settings an owner sent, their secrets sealed at {@code place}. The mask keeps the secret stored at the same
     * field of {@code previous} (the settings stored for the action at the same position, of the same type), unless
     * the address the secrets go to changed; every refused field is added to {@code errors}.
     */
    public ObjectNode sealConfig(String type, JsonNode sent, JsonNode previous, SecretPlace place, List<FieldError> errors) {
        String address = ActionConfigs.addressSetting(type);
        String changedAddress = address != null && previous != null && !Objects.equals(sent.get(address), previous.get(address))
                ? place.child(address).field() : null;
        return (ObjectNode) settings.sealSent(sent, previous, place, changedAddress, errors);
    }

    /** A copy of stored settings with their secrets opened, for delivery only. */
    public ObjectNode openConfig(JsonNode stored, SecretPlace place) {
        return (ObjectNode) settings.open(stored, place);
    }

    /** Stored settings as answers show them: every secret masked. */
    public static JsonNode mask(JsonNode stored) {
        return SecretFields.mask(stored, SECRET_SETTINGS);
    }

    /** Stored settings with every secret sealed again under the current key (rotation). */
    public SecretFields.Resealed resealConfig(JsonNode stored, SecretPlace place) {
        return settings.reseal(stored, place);
    }

    /** A new Standard Webhooks secret: {@code whsec_} and base64 of 32 random bytes. */
    public String newSigningSecret() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return WebhookSignature.secretOf(key);
    }

    public String sealSigningSecret(String plain, UUID ownerId, UUID triggerId) {
        return cipher.seal(plain, signingSecretPlace(ownerId, triggerId));
    }

    /** The plain signing secret of a trigger, or null when it has none (created before signing, never rotated). */
    public String openSigningSecret(String sealed, UUID ownerId, UUID triggerId) {
        return sealed == null ? null : cipher.open(sealed, signingSecretPlace(ownerId, triggerId));
    }

    /** A stored signing secret sealed again under the current key, or null when it already is (rotation). */
    public String resealSigningSecret(String sealed, UUID ownerId, UUID triggerId) {
        return cipher.isSealedWithCurrentKey(sealed) ? null
                : sealSigningSecret(openSigningSecret(sealed, ownerId, triggerId), ownerId, triggerId);
    }

    public String currentKeyId() {
        return cipher.currentKeyId();
    }

    private static SecretPlace signingSecretPlace(UUID ownerId, UUID triggerId) {
        return new SecretPlace(ownerId, triggerId, SIGNING_SECRET_FIELD);
    }
}

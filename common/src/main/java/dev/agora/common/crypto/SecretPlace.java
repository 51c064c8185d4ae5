package dev.agora.common.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a sealed secret belongs: its owner, the resource holding it (a trigger, an agent, a template) and the field
 * ({@code actions[0].config.botToken}). Sealing binds the secret to its place as AES-GCM associated data, so a
 * ciphertext copied to another owner, resource or field does not open.
 */
public record SecretPlace(UUID ownerId, UUID resourceId, String field) {

    public SecretPlace {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(field, "field");
    }

    /** The place of a field inside this one: {@code endpoint} → {@code endpoint.headers.Authorization}. */
    public SecretPlace child(String path) {
        return new SecretPlace(ownerId, resourceId, field.isEmpty() ? path : field + "." + path);
    }

    /** Unambiguous: both ids have the fixed length of a UUID's text. */
    byte[] associatedData() {
        return (ownerId + "/" + resourceId + "/" + field).getBytes(StandardCharsets.UTF_8);
    }
}

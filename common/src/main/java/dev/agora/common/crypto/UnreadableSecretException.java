package dev.agora.common.crypto;

/**
 * A stored secret that does not open at the place asked for: sealed for another owner, resource or field, altered,
 * sealed with a key no longer configured, or not sealed at all. Its message names the field, never the value.
 */
public class UnreadableSecretException extends IllegalStateException {

    UnreadableSecretException(SecretPlace place, String reason, Throwable cause) {
        super("the secret at " + place.field() + " cannot be opened: " + reason, cause);
    }
}

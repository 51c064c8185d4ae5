package dev.agora.common.crypto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a {@code rotate-secrets} run did: the rows holding secrets it read, those it wrote, the values it sealed again
 * under the current key ({@code keyId}), and the values no configured key opens (left as they are, and logged).
 * A second run finds nothing left to seal.
 */
@RegisterForReflection
public record SecretRotationSummary(String keyId, long rowsScanned, long rowsResealed, long valuesResealed,
        long unreadableValues) {

    public static SecretRotationSummary none(String keyId) {
        return new SecretRotationSummary(keyId, 0, 0, 0, 0);
    }

    /** This summary and one more row, of which {@code values} were sealed again and {@code unreadable} did not open. */
    public SecretRotationSummary withRow(int values, int unreadable) {
        return new SecretRotationSummary(keyId, rowsScanned + 1, rowsResealed + (values > 0 ? 1 : 0),
                valuesResealed + values, unreadableValues + unreadable);
    }

    public SecretRotationSummary plus(SecretRotationSummary other) {
        return new SecretRotationSummary(keyId, rowsScanned + other.rowsScanned, rowsResealed + other.rowsResealed,
                valuesResealed + other.valuesResealed, unreadableValues + other.unreadableValues);
    }
}

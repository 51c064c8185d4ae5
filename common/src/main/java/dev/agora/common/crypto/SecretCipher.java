package dev.agora.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets at rest with AES-GCM (random 96-bit IV per value, 128-bit tag), each bound to its {@link SecretPlace}
 * as associated data. A sealed value is text, {@code enc:v2:<key id>:<base64 of IV and ciphertext>}; the key id is
 * the first 8 hex digits of the SHA-256 of the key, so keys can rotate without configuring ids: values sealed with a
 * previous key still open, and {@link #isSealedWithCurrentKey} tells which ones to seal again.
 * <p>
 * Values of the first form, {@code enc:v1:<base64>}, carry no place; they open with any configured key. Callers open
 * only values read from a secret field of a stored row, and refuse every value that {@link #looksSealed} from API
 * callers, so a ciphertext is never a way to make the service decrypt something. Thread-safe.
 */
public final class SecretCipher {
    /** What every sealed form starts with. */
    public static final String SEALED_PREFIX = "enc:";
    private static final String CURRENT_FORM = "enc:v2:";
    private static final String LEGACY_FORM = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentKeyId;
    /** By key id, the current key first. */
    private final Map<String, SecretKey> keys;
    private final String keyProperties;
    private final SecureRandom random = new SecureRandom();

    private SecretCipher(String currentKeyId, Map<String, SecretKey> keys, String keyProperties) {
        this.currentKeyId = currentKeyId;
        this.keys = keys;
        this.keyProperties = keyProperties;
    }

    /**
     * A cipher sealing with {@code currentKey} and still opening what {@code previousKeys} sealed (base64 AES keys of
     * 16, 24 or 32 bytes), configured as {@code <prefix>.secret-key} and {@code <prefix>.previous-secret-keys}: a
     * malformed key fails the start naming its property.
     */
    public static SecretCipher fromConfig(String prefix, String currentKey, List<String> previousKeys) {
        String currentProperty = prefix + ".secret-key";
        String previousProperty = prefix + ".previous-secret-keys";
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        SecretKey current = aesKey(currentProperty, currentKey);
        String currentKeyId = keyId(current);
        keys.put(currentKeyId, current);
        for (int i = 0; i < previousKeys.size(); i++) {
            if (!previousKeys.get(i).isBlank()) {
                SecretKey previous = aesKey(previousProperty + "[" + i + "]", previousKeys.get(i));
                keys.putIfAbsent(keyId(previous), previous);
            }
        }
        return new SecretCipher(currentKeyId, keys, currentProperty + " or " + previousProperty);
    }

    /** Whether a text has the shape of a sealed value: never accepted from API callers. */
    public static boolean looksSealed(String value) {
        return value != null && value.startsWith(SEALED_PREFIX);
    }

    /** The id of the key new values are sealed with. */
    public String currentKeyId() {
        return currentKeyId;
    }

    /** The sealed form of {@code plain}, bound to {@code place}. A value that already looks sealed is refused. */
    public String seal(String plain, SecretPlace place) {
        if (looksSealed(plain)) {
            throw new IllegalArgumentException("a value that looks sealed is never sealed again (" + place.field() + ")");
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(place.associatedData());
            byte[] ciphertext = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return CURRENT_FORM + currentKeyId + ":" + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plain text of a value sealed at {@code place}; anything else (another place, an altered or unknown-key value,
     * a value that is not sealed) is an {@link UnreadableSecretException}, never a text.
     */
    public String open(String sealed, SecretPlace place) {
        if (sealed != null && sealed.startsWith(CURRENT_FORM)) {
            return openCurrentForm(sealed, place);
        }
        if (sealed != null && sealed.startsWith(LEGACY_FORM)) {
            return openLegacyForm(sealed, place);
        }
        throw new UnreadableSecretException(place, "it is not a sealed value", null);
    }

    /** Whether a stored value is sealed in the current form with the current key (else rotation seals it again). */
    public boolean isSealedWithCurrentKey(String sealed) {
        return sealed != null && sealed.startsWith(CURRENT_FORM + currentKeyId + ":");
    }

    private String openCurrentForm(String sealed, SecretPlace place) {
        int keyEnd = sealed.indexOf(':', CURRENT_FORM.length());
        if (keyEnd < 0) {
            throw new UnreadableSecretException(place, "it is malformed (no key id)", null);
        }
        String keyId = sealed.substring(CURRENT_FORM.length(), keyEnd);
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new UnreadableSecretException(place, "it was sealed with key " + keyId + ", which is not configured ("
                    + keyProperties + ")", null);
        }
        try {
            return decrypt(key, sealed.substring(keyEnd + 1), place.associatedData());
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException(place, "it was sealed for another place, or altered", e);
        } catch (GeneralSecurityException | IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new UnreadableSecretException(place, "it is malformed", e);
        }
    }

    private String openLegacyForm(String sealed, SecretPlace place) {
        for (SecretKey key : keys.values()) {
            try {
                return decrypt(key, sealed.substring(LEGACY_FORM.length()), null);
            } catch (AEADBadTagException wrongKey) {
                // the next key, maybe
            } catch (GeneralSecurityException | IllegalArgumentException | java.nio.BufferUnderflowException e) {
                throw new UnreadableSecretException(place, "it is malformed", e);
            }
        }
        throw new UnreadableSecretException(place, "it is a legacy value that no configured key opens (altered, or its"
                + " key is no longer in " + keyProperties + ")", null);
    }

    private static String decrypt(SecretKey key, String base64, byte[] associatedData) throws GeneralSecurityException {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
        byte[] iv = new byte[IV_BYTES];
        bytes.get(iv);
        byte[] ciphertext = new byte[bytes.remaining()];
        bytes.get(ciphertext);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        if (associatedData != null) {
            cipher.updateAAD(associatedData);
        }
        return new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8);
    }

    private static SecretKey aesKey(String property, String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException(property + " must be set: a base64 AES key of 16, 24 or 32 bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " must be base64", e);
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException(property + " must be a base64 AES key of 16, 24 or 32 bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static String keyId(SecretKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

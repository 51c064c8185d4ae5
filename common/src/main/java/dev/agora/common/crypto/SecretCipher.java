package dev.agora.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-GCM (random 96-bit IV per value, 128-bit tag). A sealed value is text:
 * {@code enc:v1:} followed by base64 of IV and ciphertext, so it fits any text or JSON column.
 * Thread-safe.
 */
public final class SecretCipher {
    public static final String PREFIX = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private SecretCipher(SecretKey key) {
        this.key = key;
    }

    /**
     * A cipher for a base64 AES key of 16, 24 or 32 bytes; {@code property} names the configuration property in the
     * error when the key is malformed, so a misconfigured service fails at start naming what to fix.
     */
    public static SecretCipher fromBase64Key(String property, String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " must be base64", e);
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException(property + " must be a base64 AES key of 16, 24 or 32 bytes");
        }
        return new SecretCipher(new SecretKeySpec(bytes, "AES"));
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** The sealed form of {@code plain}; an already sealed value is returned as it is. */
    public String seal(String plain) {
        if (isSealed(plain)) {
            return plain;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] ciphertext = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ciphertext.length)
                    .put(iv).put(ciphertext).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plain text of a sealed value; a value that was never sealed is returned as it is. */
    public String open(String sealed) {
        if (!isSealed(sealed)) {
            return sealed;
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(sealed.substring(PREFIX.length())));
            byte[] iv = new byte[IV_BYTES];
            bytes.get(iv);
            byte[] ciphertext = new byte[bytes.remaining()];
            bytes.get(ciphertext);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            return new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new IllegalStateException("a sealed secret cannot be decrypted with the configured key", e);
        }
    }
}

package dev.agora.testsupport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets in the first sealed form, {@code enc:v1:} + base64(IV ‖ AES-GCM ciphertext) without associated data, as
 * services stored them before secrets were bound to their place: the tests put such rows in the database to check
 * that they still work until rotated.
 */
public final class LegacySecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LegacySecrets() {
    }

    public static String sealV1(String base64Key, String plain) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                    new GCMParameterSpec(128, iv));
            byte[] ciphertext = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return "enc:v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ciphertext.length)
                    .put(iv).put(ciphertext).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

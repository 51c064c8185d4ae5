package dev.agora.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private static final String KEY = base64Key(32, 1);
    private static final String OLD_KEY = base64Key(16, 2);
    private static final String OTHER_KEY = base64Key(24, 3);
    private static final UUID OWNER = UUID.randomUUID();
    private static final UUID TRIGGER = UUID.randomUUID();
    private static final SecretPlace BOT_TOKEN = new SecretPlace(OWNER, TRIGGER, "actions[0].config.botToken");

    private static SecretCipher cipher(String current, String... previous) {
        return SecretCipher.fromConfig("agora.test", current, List.of(previous));
    }

    @Test
    void sealedSecretOpensAtItsPlaceAndNeverContainsThePlainText() {
        SecretCipher cipher = cipher(KEY);
        String sealed = cipher.seal("bot123:secret-token", BOT_TOKEN);
        assertTrue(sealed.startsWith("enc:v2:" + cipher.currentKeyId() + ":"), sealed);
        assertTrue(SecretCipher.looksSealed(sealed));
        assertFalse(sealed.contains("secret-token"));
        assertEquals("bot123:secret-token", cipher.open(sealed, BOT_TOKEN));
        assertTrue(cipher.isSealedWithCurrentKey(sealed));
    }

    @Test
    void theKeyIdIsTheFirstEightHexDigitsOfTheKeysSha256() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(KEY));
        assertEquals(HexFormat.of().formatHex(digest).substring(0, 8), cipher(KEY).currentKeyId());
        assertNotEquals(cipher(KEY).currentKeyId(), cipher(OLD_KEY).currentKeyId());
    }

    @Test
    void aValueMovedToAnotherOwnerResourceOrFieldFailsToOpen() {
        SecretCipher cipher = cipher(KEY);
        String sealed = cipher.seal("s3cret", BOT_TOKEN);
        for (SecretPlace elsewhere : List.of(new SecretPlace(UUID.randomUUID(), TRIGGER, BOT_TOKEN.field()),
                new SecretPlace(OWNER, UUID.randomUUID(), BOT_TOKEN.field()),
                new SecretPlace(OWNER, TRIGGER, "actions[0].config.message"),
                new SecretPlace(OWNER, TRIGGER, "actions[1].config.botToken"))) {
            UnreadableSecretException refused = assertThrows(UnreadableSecretException.class,
                    () -> cipher.open(sealed, elsewhere));
            assertTrue(refused.getMessage().contains(elsewhere.field()), refused.getMessage());
            assertTrue(refused.getMessage().contains("another place"), refused.getMessage());
            assertFalse(refused.getMessage().contains("s3cret"));
        }
    }

    @Test
    void anAlteredCiphertextFailsToOpen() {
        SecretCipher cipher = cipher(KEY);
        String sealed = cipher.seal("s3cret", BOT_TOKEN);
        int body = sealed.lastIndexOf(':') + 1;
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(body));
        bytes[bytes.length - 1] ^= 1;
        String altered = sealed.substring(0, body) + Base64.getEncoder().encodeToString(bytes);
        assertThrows(UnreadableSecretException.class, () -> cipher.open(altered, BOT_TOKEN));
        assertThrows(UnreadableSecretException.class, () -> cipher.open(sealed.substring(0, body) + "%%%", BOT_TOKEN));
        assertThrows(UnreadableSecretException.class, () -> cipher.open("enc:v2:nokeyid", BOT_TOKEN));
    }

    @Test
    void sealingTwiceGivesDifferentCiphertextsAndAValueThatLooksSealedIsNeverSealed() {
        SecretCipher cipher = cipher(KEY);
        String first = cipher.seal("same", BOT_TOKEN);
        assertNotEquals(first, cipher.seal("same", BOT_TOKEN));
        assertThrows(IllegalArgumentException.class, () -> cipher.seal(first, BOT_TOKEN));
        assertThrows(IllegalArgumentException.class, () -> cipher.seal("enc:anything", BOT_TOKEN));
    }

    @Test
    void aValueThatIsNotSealedIsNeverReturnedAsIfItWere() {
        UnreadableSecretException refused = assertThrows(UnreadableSecretException.class,
                () -> cipher(KEY).open("plain-token", BOT_TOKEN));
        assertTrue(refused.getMessage().contains("not a sealed value"), refused.getMessage());
        assertThrows(UnreadableSecretException.class, () -> cipher(KEY).open(null, BOT_TOKEN));
    }

    @Test
    void aPreviousKeyStillOpensWhatItSealedWhichThenNeedsSealingAgain() {
        String sealedBefore = cipher(OLD_KEY).seal("s3cret", BOT_TOKEN);
        SecretCipher rotated = cipher(KEY, OLD_KEY);
        assertEquals("s3cret", rotated.open(sealedBefore, BOT_TOKEN));
        assertFalse(rotated.isSealedWithCurrentKey(sealedBefore));
        String resealed = rotated.seal(rotated.open(sealedBefore, BOT_TOKEN), BOT_TOKEN);
        assertTrue(rotated.isSealedWithCurrentKey(resealed));
        // once everything is sealed again, the old key can go
        assertEquals("s3cret", cipher(KEY).open(resealed, BOT_TOKEN));
    }

    @Test
    void anUnknownKeyIdIsAClearError() {
        String sealed = cipher(OTHER_KEY).seal("s3cret", BOT_TOKEN);
        UnreadableSecretException refused = assertThrows(UnreadableSecretException.class,
                () -> cipher(KEY, OLD_KEY).open(sealed, BOT_TOKEN));
        assertTrue(refused.getMessage().contains(cipher(OTHER_KEY).currentKeyId()), refused.getMessage());
        assertTrue(refused.getMessage().contains("agora.test.secret-key or agora.test.previous-secret-keys"),
                refused.getMessage());
    }

    @Test
    void aValueLabelledWithAnotherConfiguredKeysIdFailsToOpen() {
        SecretCipher cipher = cipher(KEY, OLD_KEY);
        String sealed = cipher.seal("s3cret", BOT_TOKEN);
        String relabelled = sealed.replace(cipher.currentKeyId(), cipher(OLD_KEY).currentKeyId());
        assertThrows(UnreadableSecretException.class, () -> cipher.open(relabelled, BOT_TOKEN));
    }

    @Test
    void legacyV1ValuesOpenWithAnyConfiguredKeyAndAreNeverCurrent() throws Exception {
        String legacy = sealV1(OLD_KEY, "legacy-token");
        SecretCipher rotated = cipher(KEY, OLD_KEY);
        assertEquals("legacy-token", rotated.open(legacy, BOT_TOKEN));
        assertFalse(rotated.isSealedWithCurrentKey(legacy));
        UnreadableSecretException refused = assertThrows(UnreadableSecretException.class,
                () -> cipher(KEY).open(legacy, BOT_TOKEN));
        assertTrue(refused.getMessage().contains("legacy"), refused.getMessage());
    }

    @Test
    void malformedKeysNameTheirProperty() {
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class, () -> cipher("%%%"));
        assertTrue(notBase64.getMessage().contains("agora.test.secret-key"));
        IllegalStateException tooShort = assertThrows(IllegalStateException.class,
                () -> cipher(KEY, Base64.getEncoder().encodeToString(new byte[5])));
        assertTrue(tooShort.getMessage().contains("agora.test.previous-secret-keys[0]"), tooShort.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> cipher(" "));
        assertTrue(missing.getMessage().contains("agora.test.secret-key"));
        // blank entries of the previous keys are ignored
        assertEquals(cipher(KEY).currentKeyId(), cipher(KEY, "").currentKeyId());
    }

    private static String base64Key(int bytes, int seed) {
        byte[] key = new byte[bytes];
        new java.util.Random(seed).nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String sealV1(String base64Key, String plain) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                new GCMParameterSpec(128, iv));
        byte[] ciphertext = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return "enc:v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + ciphertext.length).put(iv)
                .put(ciphertext).array());
    }
}
